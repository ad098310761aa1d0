import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';

/**
 * A failure the app answered on purpose with a 5xx (the session store or the IdP down): the
 * request's log line names it, so it is one line with the status, this reason code and the
 * request id, and no stack, which would only show where the app noticed.
 */
export interface ExpectedFailure {
  event: string;
  reason: string;
  /** The message of what failed underneath. */
  cause?: string;
}

const failures = new WeakMap<ServerResponse, ExpectedFailure>();

export function recordExpectedFailure(response: ServerResponse, failure: ExpectedFailure): void {
  failures.set(response, failure);
}

export function expectedFailureOf(response: ServerResponse): ExpectedFailure | undefined {
  return failures.get(response);
}

/** `{ event, reason, cause }`, without a `cause` key when nothing failed underneath. */
export function expectedFailure(event: string, reason: string, cause: unknown): ExpectedFailure {
  if (cause === undefined) return { event, reason };
  const message = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : inspect(cause);
  return { event, reason, cause: message };
}
