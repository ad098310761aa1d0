import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawEnvironment } from '../../src/config/environment.schema.js';

export const TEST_CLIENT = { clientId: 'test-client', clientSecret: 'test-client-secret-at-least-32-characters' };
export const TEST_SESSION_SECRET = 'test-session-secret-with-at-least-32-characters';

export interface IdpEndpoint {
  origin: string;
  clientId: string;
  clientSecret: string;
}

export function tempSqlitePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'sessions-')), 'sessions.sqlite');
}

/** The environment a test app runs with: a real IdP, test credentials, memory sessions unless told otherwise. */
export function testEnvironment(port: number, idp: IdpEndpoint, overrides: RawEnvironment = {}): RawEnvironment {
  return {
    NODE_ENV: 'test',
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    AUTH0_DOMAIN: idp.origin,
    AUTH0_CLIENT_ID: idp.clientId,
    AUTH0_CLIENT_SECRET: idp.clientSecret,
    SESSION_SECRET: TEST_SESSION_SECRET,
    SESSION_STORE: 'memory',
    // The app's own database (the users example) in memory: every test app starts without users.
    DATABASE_PATH: ':memory:',
    LOGIN_RATE_LIMIT: '0',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}
