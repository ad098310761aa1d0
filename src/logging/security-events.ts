import { Logger } from '@nestjs/common';

/**
 * Authentication and authorization events, one structured line each, with the request id that nestjs-pino adds
 * (ASVS 5.0 16.3.1). They name the user by `sub` only: never a token, code, cookie, email or name.
 */
export type SecurityEvent =
  | { event: 'login_succeeded'; sub: string; connection: string | undefined; idpHost: string; sessionAgeSeconds: 0 }
  | { event: 'logout'; sub: string | undefined; initiator: 'rp' }
  | { event: 'session_ended'; reason: 'absolute-timeout'; sub: string | undefined; sessionAgeSeconds: number }
  | { event: 'session_ended'; reason: 'expired' }
  | { event: 'session_ended'; reason: 'refresh-refused'; sub: string | undefined }
  | { event: 'rate_limited'; path: string }
  | { event: 'cross_origin_refused'; method: string; path: string; fetchSite?: string; origin?: string }
  | { event: 'access_denied'; sub: string; path: string }
  | { event: 'step_up_required'; sub: string; path: string; maxAge?: number; multiFactor?: boolean }
  | { event: 'backchannel_logout'; outcome: 'accepted'; jti: string; sub: string | undefined; sid: string | undefined; sessionsEnded: number }
  | { event: 'backchannel_logout'; outcome: 'refused'; reason: string };

const logger = new Logger('Security');

export function logSecurityEvent(event: SecurityEvent): void {
  logger.log(event);
}

/** Auth0 subjects start with the identity provider's connection strategy: `google-oauth2|1234`. */
export function connectionOf(sub: string): string | undefined {
  const separator = sub.indexOf('|');
  return separator > 0 ? sub.slice(0, separator) : undefined;
}
