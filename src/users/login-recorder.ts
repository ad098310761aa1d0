import { Injectable } from '@nestjs/common';
import { addToUser, type LoginDecision, type LoginEvent, type OnLogin } from '../auth/login-hooks.js';
import { membershipData } from './membership.js';
import { UsersRepository } from './users.repository.js';

/** A login hook: records each login of a user in the app's database and puts their membership on the session user. */
@Injectable()
export class LoginRecorder implements OnLogin {
  constructor(private readonly users: UsersRepository) {}

  onLogin({ claims }: LoginEvent): LoginDecision {
    return addToUser(membershipData(this.users.recordLogin(claims.sub, new Date())));
  }
}
