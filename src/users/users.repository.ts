import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.module.js';
import type { Database, Statement } from '../storage/sqlite-driver.js';

/** What the app knows of a user from their logins here. */
export interface UserRecord {
  sub: string;
  firstLoginAt: Date;
  loginCount: number;
}

interface UserRow {
  sub: string;
  first_login_at: number;
  login_count: number;
}

/** The `users` table of the app's database: one row per `sub`, created at the first login. */
@Injectable()
export class UsersRepository {
  private readonly recordLoginStatement: Statement<[{ sub: string; at: number }], UserRow>;
  private readonly findStatement: Statement<[string], UserRow>;

  constructor(@Inject(DATABASE) db: Database) {
    db.exec(
      `CREATE TABLE IF NOT EXISTS users (
         sub TEXT PRIMARY KEY NOT NULL,
         first_login_at INTEGER NOT NULL,
         last_login_at INTEGER NOT NULL,
         login_count INTEGER NOT NULL
       ) WITHOUT ROWID;`,
    );
    this.recordLoginStatement = db.prepare(
      `INSERT INTO users (sub, first_login_at, last_login_at, login_count) VALUES (@sub, @at, @at, 1)
       ON CONFLICT (sub) DO UPDATE SET last_login_at = excluded.last_login_at, login_count = login_count + 1
       RETURNING sub, first_login_at, login_count`,
    );
    this.findStatement = db.prepare('SELECT sub, first_login_at, login_count FROM users WHERE sub = ?');
  }

  /** Counts a login of `sub` at `at`: the row is created by the first one. One statement, so concurrent logins both count. */
  recordLogin(sub: string, at: Date): UserRecord {
    const row = this.recordLoginStatement.get({ sub, at: at.getTime() });
    if (row === undefined) throw new Error('the users table returned no row for a login');
    return toRecord(row);
  }

  find(sub: string): UserRecord | undefined {
    const row = this.findStatement.get(sub);
    return row === undefined ? undefined : toRecord(row);
  }
}

function toRecord(row: UserRow): UserRecord {
  return { sub: row.sub, firstLoginAt: new Date(row.first_login_at), loginCount: row.login_count };
}
