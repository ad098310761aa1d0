import { expect } from 'vitest';

/*
 * Vitest's asymmetric matchers, typed as the values they stand for. Vitest types them all `any`,
 * which the type-aware lint rules refuse wherever one stands for a property of an expected object.
 * Each is the same matcher as its `expect.*` namesake: only the static type differs.
 */

/** expect.objectContaining: an object with at least these properties (which may be matchers themselves). */
export function objectContaining<T extends object>(expected: T): T {
  return expect.objectContaining<object>(expected) as T;
}

/** expect.anything: any value except null and undefined. */
export function anything(): unknown {
  return expect.anything() as unknown;
}

/** expect.any(String): any string. */
export function anyString(): string {
  return expect.any(String) as string;
}

/** expect.stringMatching: a string that matches `pattern`. */
export function stringMatching(pattern: string | RegExp): string {
  return expect.stringMatching(pattern) as string;
}
