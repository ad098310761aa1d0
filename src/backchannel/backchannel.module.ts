import { Module } from '@nestjs/common';
import { BackchannelLogoutController } from './backchannel-logout.controller.js';
import { BackchannelLogoutService } from './backchannel-logout.service.js';

/** OpenID Connect Back-Channel Logout: the IdP ends this app's sessions through the session store's login index. */
@Module({
  controllers: [BackchannelLogoutController],
  providers: [BackchannelLogoutService],
})
export class BackchannelModule {}
