import autocannon from 'autocannon';

export interface SessionFill {
  created: number;
  /** Responses other than the 302 to the IdP that creates a login-transaction session. */
  unexpected: number;
  seconds: number;
}

/**
 * Creates `count` sessions as cheaply as the app allows: GET /login without a cookie stores a
 * login transaction (state, nonce, PKCE verifier) and answers 302. autocannon's `amount` sends
 * exactly that many requests.
 */
export async function fillSessions(baseUrl: string, count: number): Promise<SessionFill> {
  const result = await autocannon({ url: `${baseUrl}/login`, connections: 10, amount: count, timeout: 10 });
  const statuses = result.statusCodeStats ?? {};
  const created = statuses['302']?.count ?? 0;
  const answered = Object.values(statuses).reduce((sum, stat) => sum + (stat.count ?? 0), 0);
  return { created, unexpected: answered - created + result.errors + result.timeouts, seconds: result.duration };
}
