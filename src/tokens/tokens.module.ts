import { Global, Module } from '@nestjs/common';
import { AccessTokenPipe } from './access-token.decorator.js';
import { accessTokenVerifierProvider } from './access-token-verifier.provider.js';
import { PermissionsGuard } from './permissions.guard.js';
import { TokenRefresher } from './token-refresher.js';
import { TokenService } from './token.service.js';

/** The access token for calling APIs as the user: TokenService, @AccessToken() and @Permissions() for every feature module. */
@Global()
@Module({
  providers: [TokenService, TokenRefresher, accessTokenVerifierProvider, AccessTokenPipe, PermissionsGuard],
  exports: [TokenService, AccessTokenPipe, PermissionsGuard],
})
export class TokensModule {}
