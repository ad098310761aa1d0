import { Injectable } from '@nestjs/common';
import { Sessions } from '../session/sessions.js';

@Injectable()
export class AdminService {
  constructor(private readonly sessions: Sessions) {}

  get storeKind(): string {
    return this.sessions.storageKind;
  }

  /** Unexpired sessions in the store, logins in progress included; undefined when the store cannot count. */
  sessionCount(): Promise<number | undefined> {
    return this.sessions.count();
  }
}
