// Refresh tokens as Auth0 rotates them: each works once and is replaced by a new one; a second use
// of a spent one is taken as theft and revokes its whole family (Auth0 "Refresh Token Rotation",
// reuse detection; RFC 9700 §4.14.2).
import { randomToken } from './http.js';
import { OAuthError } from './token-endpoint.js';
import type { AuthorizationRequest } from './types.js';

interface Issued {
  grant: AuthorizationRequest;
  family: string;
}

export class RefreshTokenFamilies {
  private readonly live = new Map<string, Issued>();
  private readonly spent = new Map<string, string>();
  private readonly revoked = new Set<string>();

  issue(grant: AuthorizationRequest, family: string = randomToken()): string {
    const token = randomToken();
    this.live.set(token, { grant, family });
    return token;
  }

  /** The grant a refresh token was issued for; the token is spent, and a replacement must be issued. */
  redeem(token: string | null): Issued {
    const issued = token === null ? undefined : this.live.get(token);
    if (token !== null && issued === undefined) {
      const family = this.spent.get(token);
      if (family !== undefined) this.revoked.add(family);
      throw new OAuthError(403, 'invalid_grant', 'Unknown or reused refresh token');
    }
    if (token === null || issued === undefined) throw new OAuthError(400, 'invalid_request', 'Missing refresh_token');
    this.live.delete(token);
    this.spent.set(token, issued.family);
    if (this.revoked.has(issued.family)) throw new OAuthError(403, 'invalid_grant', 'Refresh token family revoked');
    return issued;
  }

  /**
   * RFC 7009 §2.1, as Auth0 does with "Refresh Token Revocation Deletes Grant": revoking a refresh
   * token, live or already rotated, revokes its whole family. An unknown token changes nothing.
   */
  revoke(token: string): void {
    const family = this.live.get(token)?.family ?? this.spent.get(token);
    if (family === undefined) return;
    this.live.delete(token);
    this.spent.set(token, family);
    this.revoked.add(family);
  }

  clear(): void {
    this.live.clear();
    this.spent.clear();
    this.revoked.clear();
  }
}
