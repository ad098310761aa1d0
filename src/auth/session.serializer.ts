import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import type { SessionUser } from './session-user.js';

/** The session holds the small SessionUser itself: no lookup per request. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  serializeUser(user: SessionUser, done: (error: Error | null, user: SessionUser) => void): void {
    done(null, user);
  }

  deserializeUser(user: SessionUser, done: (error: Error | null, user: SessionUser) => void): void {
    done(null, user);
  }
}
