/** One stretch of load on one URL, and what came back. */
export interface PageLoad {
  url: string;
  /** `name=value` of the session cookie, for the guarded pages. */
  cookie?: string;
  /** The status every response must have (200 for a page). */
  expectStatus: number;
  /** Every one must be in a response body for it to count as the expected page. */
  markers: readonly string[];
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requests: number;
  durationSeconds: number;
  /** Responses whose status was not the expected one. */
  badStatus: number;
  /** Responses with the right status that lacked a marker (a login page, an error page, someone else's page). */
  badBody: number;
  /** Connection errors and timeouts. */
  socketErrors: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU the load generator itself used, to see when it, not the server, is the limit. */
  generatorCpuMs: number;
}

export type LoadGenerator = { name: string; run(load: PageLoad): Promise<LoadResult> };
