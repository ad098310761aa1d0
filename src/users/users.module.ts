import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { EmailDomainPolicy } from './email-domain-policy.js';
import { LoginRecorder } from './login-recorder.js';
import { UsersRepository } from './users.repository.js';

/**
 * The example of reacting to logins: LoginRecorder counts each user's logins in the app's
 * database; EmailDomainPolicy refuses logins outside LOGIN_ALLOWED_EMAIL_DOMAINS. Both are login
 * hooks, registered in app.pipeline.ts.
 */
@Module({
  imports: [DatabaseModule],
  providers: [UsersRepository, LoginRecorder, EmailDomainPolicy],
  exports: [UsersRepository, LoginRecorder, EmailDomainPolicy],
})
export class UsersModule {}
