import { describe, expect, it } from 'vitest';
import { initialsOf } from '../../../src/common/initials.js';

describe('initialsOf', () => {
  it.each([
    ['Test User', 'TU'],
    ['Mary Jane Watson', 'MW'],
    ['jane.doe@example.com', 'JD'],
    ['auth0|abc', 'A'],
    ['émile zola', 'ÉZ'],
    ['😀 Smile', '😀S'],
    ['', '?'],
    ['@example.com', '?'],
  ])('%s -> %s', (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });
});
