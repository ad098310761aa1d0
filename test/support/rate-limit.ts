import { expect } from 'vitest';
import { expectErrorPage } from './attack.js';
import { HttpClient, type HttpResult } from './http-client.js';

/** The LOGIN_RATE_LIMIT the rate-limit suites boot with. */
export const LIMIT = 3;

/** A client whose requests come through the trusted local proxy on behalf of `ip`. */
export function clientFrom(ip: string): { client: HttpClient; headers: Record<string, string> } {
  return { client: new HttpClient(), headers: { 'x-forwarded-for': ip } };
}

export function expectTooManyRequests(result: HttpResult): void {
  expectErrorPage(result, 429);
  expect(result.text).toContain('Too many attempts');
  expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
}
