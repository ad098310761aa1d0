import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { IdpModule } from '../idp/idp.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { AccessTokenPipe } from './access-token.decorator.js';
import { accessTokenVerifierProvider } from './access-token-verifier.provider.js';
import { ApiTokenKeeper } from './api-token-keeper.js';
import { PermissionsGuard } from './permissions.guard.js';
import { RefreshTokenRevoker } from './refresh-token-revoker.js';
import { TokenRefresher } from './token-refresher.js';
import { refreshLocksProvider, tokenStoreProvider } from './token-storage.js';
import { TokenService } from './token.service.js';

/**
 * The access token for calling APIs as the user: TokenService, @AccessToken() and @Permissions()
 * for the feature modules that import this one; ApiTokenKeeper is the login and logout hook that
 * keeps each session's tokens, and forgets them at logout, revoking the refresh token.
 */
@Module({
  imports: [AuthModule, IdpModule, StorageModule],
  providers: [
    TokenService,
    TokenRefresher,
    RefreshTokenRevoker,
    ApiTokenKeeper,
    tokenStoreProvider,
    refreshLocksProvider,
    accessTokenVerifierProvider,
    AccessTokenPipe,
    PermissionsGuard,
  ],
  exports: [TokenService, ApiTokenKeeper, AccessTokenPipe, PermissionsGuard],
})
export class TokensModule {}
