import { describe, expect, it } from 'vitest';
import type { SessionConfig } from '../../../src/config/app-config.js';
import { describeDuration } from '../../../src/common/display-time.js';
import { sessionCard } from '../../../src/dashboard/session-card.js';

const config = { idleTimeoutSeconds: 1_800, absoluteTimeoutSeconds: 28_800 } as SessionConfig;

describe('the dashboard session card', () => {
  it('names a duration in the largest unit that divides it exactly', () => {
    expect(describeDuration(86_400)).toBe('1 day');
    expect(describeDuration(604_800)).toBe('7 days');
    expect(describeDuration(28_800)).toBe('8 hours');
    expect(describeDuration(1_800)).toBe('30 minutes');
    expect(describeDuration(5_400)).toBe('90 minutes');
    expect(describeDuration(90)).toBe('90 seconds');
    expect(describeDuration(1)).toBe('1 second');
  });

  it('shows each time in UTC, saying so, with the exact instant in the datetime attribute', () => {
    const card = sessionCard(
      {
        loggedInAt: new Date('2026-12-02T03:04:05.678Z'),
        idleExpiresAt: new Date('2026-12-02T03:34:05.678Z'),
        absoluteExpiresAt: new Date('2026-12-02T11:04:05.678Z'),
      },
      config,
    );
    expect(card.loggedInAt).toEqual({ iso: '2026-12-02T03:04:05.678Z', text: '2 Dec 2026, 03:04 UTC' });
    expect(card.idleExpiresAt.text).toBe('2 Dec 2026, 03:34 UTC');
    expect(card.absoluteExpiresAt.text).toBe('2 Dec 2026, 11:04 UTC');
    expect(card.idleTimeout).toBe('30 minutes');
    expect(card.absoluteTimeout).toBe('8 hours');
  });
});
