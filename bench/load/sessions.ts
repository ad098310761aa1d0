import type { LoadGenerator } from './page-load.js';

export interface SessionFill {
  /** Sessions in the store when the fill stopped (at least the target). */
  reached: number;
  /** Responses other than the 302 to the IdP that creates a login-transaction session. */
  unexpected: number;
  seconds: number;
}

const CHUNK_SECONDS = 2;

/**
 * Fills the store up to `target` sessions as cheaply as the app allows: GET /login without a
 * cookie stores a login transaction (state, nonce, PKCE verifier) and answers 302. Load goes in
 * short chunks until the store itself reports enough sessions, so the count is the store's,
 * not the generator's; the last chunk may overshoot by a second or two of requests.
 */
export async function fillSessions(generator: LoadGenerator, baseUrl: string, target: number, countSessions: () => Promise<number>): Promise<SessionFill> {
  const fill: SessionFill = { reached: await countSessions(), unexpected: 0, seconds: 0 };
  while (fill.reached < target) {
    const result = await generator.run({ url: `${baseUrl}/login`, expectStatus: 302, markers: [], connections: 10, durationSeconds: CHUNK_SECONDS });
    fill.unexpected += result.badStatus + result.badBody + result.socketErrors;
    fill.seconds += result.durationSeconds;
    fill.reached = await countSessions();
    if (result.requests === 0) throw new Error(`no answer from ${baseUrl}/login while filling the session store`);
  }
  return fill;
}
