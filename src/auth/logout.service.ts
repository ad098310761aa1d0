import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Request } from 'express';
import { logSecurityEvent } from '../logging/security-events.js';
import { Sessions } from '../session/sessions.js';
import { LoginHooks, type LogoutReason } from './login-hooks.js';

/**
 * Ends login sessions, whoever ends them, the same way: the session goes from the store first (its
 * cookie stops working at once, ASVS 5.0 7.4.1), then the event is logged and the logout hooks run.
 */
@Injectable()
export class LogoutService implements OnModuleInit {
  constructor(
    private readonly sessions: Sessions,
    private readonly hooks: LoginHooks,
  ) {}

  /** A browser that comes back with a session the store let go (idle timeout) is told here; its hooks run in the background. */
  onModuleInit(): void {
    this.sessions.onExpired((sessionId) => {
      logSecurityEvent({ event: 'session_ended', reason: 'expired' });
      void this.hooks.runLogout({ reason: 'idle-timeout', sessionId, sub: undefined, request: undefined });
    });
  }

  /**
   * Ends the request's own session: POST /logout and a refused refresh leave the request without
   * one; the absolute timeout gives it a new, empty one, so the guard then sends the browser to log in.
   * A session nobody logged in to (a login in progress) just goes: it was no login to log out of.
   */
  async endCurrentSession(request: Request, reason: Extract<LogoutReason, 'logout' | 'refresh-refused' | 'absolute-timeout'>): Promise<void> {
    const { sessionID: sessionId, session } = request;
    const sub = request.user?.id;
    const authenticatedAt = session.authenticatedAt;
    if (reason === 'absolute-timeout') await this.sessions.renew(session);
    else await this.sessions.endCurrent(session);
    request.user = undefined;
    if (sub === undefined) return;
    switch (reason) {
      case 'logout':
        logSecurityEvent({ event: 'logout', sub, initiator: 'rp' });
        break;
      case 'refresh-refused':
        logSecurityEvent({ event: 'session_ended', reason, sub });
        break;
      case 'absolute-timeout':
        logSecurityEvent({
          event: 'session_ended',
          reason,
          sub,
          sessionAgeSeconds: Math.round((Date.now() - (authenticatedAt ?? Date.now())) / 1000),
        });
        break;
    }
    await this.hooks.runLogout({ reason, sessionId, sub, request });
  }

  /** Ends session `sessionId` wherever its browser is: a back-channel logout names it (`sub` when the token gave one). */
  async endSession(sessionId: string, sub: string | undefined): Promise<void> {
    await this.sessions.end(sessionId);
    await this.hooks.runLogout({ reason: 'backchannel-logout', sessionId, sub, request: undefined });
  }
}
