import { Inject, Injectable } from '@nestjs/common';
import { SESSION_STORE, type SessionStoreHandle, SessionStoreUnavailableError } from '../session/session-store.js';

@Injectable()
export class AdminService {
  constructor(@Inject(SESSION_STORE) private readonly sessions: SessionStoreHandle) {}

  get storeKind(): string {
    return this.sessions.kind;
  }

  /**
   * Unexpired sessions in the store, logins in progress included; undefined when the store
   * cannot count (express-session makes `length` optional).
   */
  sessionCount(): Promise<number | undefined> {
    const { store, kind } = this.sessions;
    const length = store.length?.bind(store);
    if (length === undefined) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      length((error: unknown, count?: number) => (error ? reject(new SessionStoreUnavailableError(kind, error)) : resolve(count)));
    });
  }
}
