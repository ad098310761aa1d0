import { type DisplayTime, describeDuration, displayTime } from '../common/display-time.js';
import type { SessionConfig } from '../config/app-config.js';
import type { SessionTimes } from '../session/session-times.js';

export interface SessionCard {
  loggedInAt: DisplayTime;
  idleExpiresAt: DisplayTime;
  absoluteExpiresAt: DisplayTime;
  idleTimeout: string;
  absoluteTimeout: string;
}

export function sessionCard(times: SessionTimes, config: SessionConfig): SessionCard {
  return {
    loggedInAt: displayTime(times.loggedInAt),
    idleExpiresAt: displayTime(times.idleExpiresAt),
    absoluteExpiresAt: displayTime(times.absoluteExpiresAt),
    idleTimeout: describeDuration(config.idleTimeoutSeconds),
    absoluteTimeout: describeDuration(config.absoluteTimeoutSeconds),
  };
}
