import { Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { type LoginDecision, type LoginEvent, type OnLogin, refuseLogin } from '../auth/login-hooks.js';

/**
 * A login hook that refuses: with LOGIN_ALLOWED_EMAIL_DOMAINS set, only users whose email is
 * verified and in one of those domains log in. An unverified address proves nothing about its
 * domain (OIDC Core 5.1: `email_verified`), so it is refused too.
 */
@Injectable()
export class EmailDomainPolicy implements OnLogin {
  constructor(@InjectAppConfig() private readonly config: AppConfig) {}

  onLogin({ claims }: LoginEvent): LoginDecision {
    const allowed = this.config.allowedEmailDomains;
    if (allowed.length === 0) return;
    const { email, email_verified: verified } = claims;
    const at = typeof email === 'string' ? email.lastIndexOf('@') : -1;
    if (verified !== true || typeof email !== 'string' || at < 1) return refuseLogin('no verified email address');
    const domain = email.slice(at + 1).toLowerCase();
    if (!allowed.includes(domain)) return refuseLogin('email domain is not in LOGIN_ALLOWED_EMAIL_DOMAINS');
  }
}
