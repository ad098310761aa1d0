import type { LoadGenerator } from './page-load.js';

export interface SessionFill {
  /** 302 answers, each of which stored a new session. */
  created: number;
  /** Responses other than the 302 to the IdP that creates a login-transaction session. */
  unexpected: number;
  seconds: number;
  /** True when the time limit stopped the fill before `count`. */
  timedOut: boolean;
}

const CHUNK_SECONDS = 2;

/**
 * Creates about `count` sessions as cheaply as the app allows: GET /login without a cookie
 * stores a login transaction (state, nonce, PKCE verifier) and answers 302. Load goes in short
 * chunks until enough 302s came back (the last chunk overshoots by up to two seconds' worth).
 * The responses are counted, not the store's rows: login transactions expire after ten
 * minutes, so on a slow machine the store may never hold them all at once.
 */
export async function fillSessions(generator: LoadGenerator, baseUrl: string, count: number, maxSeconds: number): Promise<SessionFill> {
  const fill: SessionFill = { created: 0, unexpected: 0, seconds: 0, timedOut: false };
  while (fill.created < count) {
    if (fill.seconds >= maxSeconds) {
      fill.timedOut = true;
      break;
    }
    const result = await generator.run({
      url: `${baseUrl}/login`,
      expectStatus: 302,
      markers: [],
      connections: 10,
      durationSeconds: CHUNK_SECONDS,
    });
    const bad = result.badStatus + result.badBody + result.socketErrors;
    fill.created += result.requests - result.badStatus;
    fill.unexpected += bad;
    fill.seconds += result.durationSeconds;
    if (result.requests === 0) throw new Error(`no answer from ${baseUrl}/login while creating sessions`);
  }
  return fill;
}
