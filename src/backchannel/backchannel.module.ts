import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { IdpModule } from '../idp/idp.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { backchannelStoreProvider } from './backchannel-storage.js';
import { BackchannelLogoutController } from './backchannel-logout.controller.js';
import { BackchannelLogoutService } from './backchannel-logout.service.js';
import { LoginSessionIndexer } from './login-session-indexer.js';

/**
 * OpenID Connect Back-Channel Logout: the IdP ends this app's sessions. LoginSessionIndexer is the
 * login and logout hook that keeps the sessions findable by user and IdP login.
 */
@Module({
  imports: [AuthModule, IdpModule, StorageModule],
  controllers: [BackchannelLogoutController],
  providers: [BackchannelLogoutService, LoginSessionIndexer, backchannelStoreProvider],
  exports: [LoginSessionIndexer],
})
export class BackchannelModule {}
