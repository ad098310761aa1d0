import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import type { IdTokenClaims } from '../idp/id-token-verifier.js';
import type { TokenSet } from '../idp/token-endpoint.js';
import type { SessionUser, SessionValue } from './session-user.js';

/** What an OnLogin hook sees: a login that passed every check, whose session is about to be saved. */
export interface LoginEvent {
  /** The verified ID token's claims (`sub`, `sid`, `email_verified`, custom claims, ...). */
  readonly claims: Readonly<IdTokenClaims>;
  /** What the session will keep about the user, with what the hooks before this one added to `app`. */
  readonly user: SessionUser;
  /** The new session's id (the login regenerates it): what to key data by that lives and ends with this session. */
  readonly sessionId: string;
  readonly request: Request;
  /** The token endpoint's answer when the app keeps tokens (AUTH0_AUDIENCE or offline_access); never log or render it. */
  readonly tokens: TokenSet | undefined;
}

/** What an OnLogin hook decides: nothing (let the login through), app data to add to the session user, or a refusal. */
export type LoginDecision = void | { addToUser: Readonly<Record<string, SessionValue>> } | { refuse: string };

/**
 * Runs at every login, in the order the app declares its hooks (app.pipeline.ts): keep app data
 * (the app's own user id), refuse logins by an app rule, record what belongs to the session. A
 * refusal or a throw ends the login: no session, an error page, a `login_failed` log line.
 */
export interface OnLogin {
  onLogin(login: LoginEvent): LoginDecision | Promise<LoginDecision>;
}

/** Refuses the login: the visitor gets a 403 page saying they are not allowed in; `reason` goes to the log only. */
export function refuseLogin(reason: string): LoginDecision {
  return { refuse: reason };
}

/** Adds `data` to the session user's `app` (JSON values: the session store keeps them). */
export function addToUser(data: Readonly<Record<string, SessionValue>>): LoginDecision {
  return { addToUser: data };
}

/**
 * Why a session ended. `login-failed`: a login whose hooks had run did not complete (a later hook
 * refused or threw, or the session could not be saved), so what they recorded for its session id goes.
 * `idle-timeout`: a browser came back after its session expired in the store; that session may
 * also have ended earlier by another reason (then the hooks see it twice).
 */
export type LogoutReason = 'logout' | 'backchannel-logout' | 'refresh-refused' | 'idle-timeout' | 'absolute-timeout' | 'login-failed';

export interface LogoutEvent {
  readonly reason: LogoutReason;
  readonly sessionId: string;
  /** The user whose session ended, when the app still knows it (not after an idle timeout). */
  readonly sub: string | undefined;
  /** The request that ended it, when there was one (not for a back-channel logout). */
  readonly request: Request | undefined;
}

/** Runs when a session ends, whatever ended it, in the declared order; a failure is logged and never blocks the logout. */
export interface OnLogout {
  onLogout(logout: LogoutEvent): void | Promise<void>;
}

/** A hook refused the login: rendered as a 403 page. */
export class LoginRefusedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'LoginRefusedError';
  }
}

/** A hook threw: the login fails with an error page. */
export class LoginHookFailedError extends Error {
  constructor(
    readonly hook: string,
    cause: unknown,
  ) {
    super(`login hook ${hook} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'LoginHookFailedError';
  }
}

/** The app's login and logout hooks, in the order the app registered them, and how they run. */
@Injectable()
export class LoginHooks {
  private readonly logger = new Logger('LoginHooks');
  private readonly loginHooks: OnLogin[] = [];
  private readonly logoutHooks: OnLogout[] = [];

  register(hooks: { onLogin: readonly OnLogin[]; onLogout: readonly OnLogout[] }): void {
    this.loginHooks.push(...hooks.onLogin);
    this.logoutHooks.push(...hooks.onLogout);
  }

  /**
   * Runs every OnLogin hook in order and returns the user with what they added. Rejects with
   * LoginRefusedError or LoginHookFailedError after the logout hooks have had their `login-failed`
   * turn, so nothing recorded for the session id outlives the failed login.
   */
  async runLogin(login: LoginEvent): Promise<SessionUser> {
    let user = login.user;
    for (const hook of this.loginHooks) {
      let decision: LoginDecision;
      try {
        decision = await hook.onLogin({ ...login, user });
      } catch (error) {
        await this.loginFailed(login.sessionId, user.id, login.request);
        throw new LoginHookFailedError(hook.constructor.name, error);
      }
      if (decision === undefined) continue;
      if ('refuse' in decision) {
        await this.loginFailed(login.sessionId, user.id, login.request);
        throw new LoginRefusedError(decision.refuse);
      }
      user = { ...user, app: { ...user.app, ...decision.addToUser } };
    }
    return user;
  }

  /** For a login that ran its hooks and then could not save its session. */
  loginFailed(sessionId: string, sub: string, request: Request): Promise<void> {
    return this.runLogout({ reason: 'login-failed', sessionId, sub, request });
  }

  /** Runs every OnLogout hook in order; each failure is logged, none stops the others. */
  async runLogout(logout: LogoutEvent): Promise<void> {
    for (const hook of this.logoutHooks) {
      try {
        await hook.onLogout(logout);
      } catch (error) {
        this.logger.error({
          event: 'logout_hook_failed',
          hook: hook.constructor.name,
          reason: logout.reason,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
