import { describe, expect, it } from 'vitest';
import { DEFAULT_RETURN_TO, safeReturnTo } from '../../../src/auth/return-to.js';
import { toSameOriginPath } from '../../../src/common/same-origin-path.js';

// Attack case G1: every payload must end on this site; the rejected ones fall back to /dashboard.
const G1_OPEN_REDIRECT_PAYLOADS = [
  'https://evil.test',
  'http://evil.test/dashboard',
  '//evil.test',
  '///evil.test',
  '////evil.test/path',
  '/\\evil.test',
  '\\\\evil.test',
  '\\/evil.test',
  'https:evil.test',
  'https:/evil.test',
  '%2F%2Fevil.test',
  '/%2F%2Fevil.test',
  '/%2fevil.test',
  '/%09/evil.test',
  '/\t/evil.test',
  '/%5Cevil.test',
  '/%5cevil.test',
  '%5C%5Cevil.test',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'evil.test',
  'dashboard',
  ' /dashboard',
];

const CONTROL_CHARACTER_PAYLOADS = [
  '/dashboard\r\nSet-Cookie: x=1',
  '/dashboard%0d%0aSet-Cookie:%20x=1',
  '/\u0000evil',
  '/%00evil',
  '/dash\u007fboard',
  '/\n/evil.test',
  '/%0a/evil.test',
];

describe('toSameOriginPath (attack case G1)', () => {
  it.each(G1_OPEN_REDIRECT_PAYLOADS)('G1 rejects %j', (payload) => {
    expect(toSameOriginPath(payload)).toBeUndefined();
    expect(safeReturnTo(payload)).toBe(DEFAULT_RETURN_TO);
  });

  it.each(CONTROL_CHARACTER_PAYLOADS)('G1 rejects control characters in %j', (payload) => {
    expect(toSameOriginPath(payload)).toBeUndefined();
  });

  it('G1 rejects a very long path (over 2048 characters)', () => {
    expect(toSameOriginPath(`/${'a'.repeat(2048)}`)).toBeUndefined();
  });

  it('keeps a long path that stays within the limit', () => {
    const path = `/${'a'.repeat(2047)}`;
    expect(toSameOriginPath(path)).toBe(path);
  });

  it('G1 rejects a malformed percent-encoding instead of throwing', () => {
    expect(toSameOriginPath('/dashboard%')).toBeUndefined();
    expect(toSameOriginPath('/%E0%A4%A')).toBeUndefined();
  });

  it.each([undefined, null, 42, ['/dashboard'], { path: '/dashboard' }, ''])('rejects the non-path value %j', (value) => {
    expect(toSameOriginPath(value)).toBeUndefined();
    expect(safeReturnTo(value)).toBe(DEFAULT_RETURN_TO);
  });

  it.each([
    '/',
    '/dashboard',
    '/dashboard?tab=profile',
    '/dashboard#settings',
    '/dashboard?tab=profile&sort=asc#settings',
    '/reports/2024/q1',
    '/dashboard?next=%2F%2Fevil.test',
    '/caf%C3%A9',
  ])('keeps the same-origin path %j unchanged', (path) => {
    expect(toSameOriginPath(path)).toBe(path);
    expect(safeReturnTo(path)).toBe(path);
  });

  it('collapses dot segments the way a browser would, staying on this site', () => {
    expect(toSameOriginPath('/a/../dashboard')).toBe('/dashboard');
    expect(toSameOriginPath('/../../dashboard')).toBe('/dashboard');
  });

  it('defaults to /dashboard', () => {
    expect(DEFAULT_RETURN_TO).toBe('/dashboard');
  });
});
