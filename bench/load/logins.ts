import { performance } from 'node:perf_hooks';
import { DASHBOARD_MARKERS } from '../targets/bench-user.js';
import { percentile } from '../report/stats.js';
import { CookieJar } from '../support/cookie-jar.js';
import { type Agents, createAgents, destroyAgents, get, type SimpleResponse } from '../support/http.js';

export const LOGIN_STAGES = ['login', 'authorize', 'callback', 'dashboard'] as const;
export type LoginStage = (typeof LOGIN_STAGES)[number];

export interface LoginLoad {
  baseUrl: string;
  idpCa: string;
  clients: number;
  durationSeconds: number;
}

export interface LoginResult {
  logins: number;
  failures: number;
  /** The first few failures, to say what went wrong. */
  failureSamples: string[];
  durationSeconds: number;
  p50Ms: number;
  p99Ms: number;
  /** Median time of each hop, as the client saw it. */
  stageMedianMs: Record<LoginStage, number>;
}

export class LoginFailure extends Error {}

function expectRedirect(stage: LoginStage, response: SimpleResponse, prefix: string): string {
  if (response.status !== 302 || !response.location?.startsWith(prefix)) {
    throw new LoginFailure(`${stage}: expected 302 to ${prefix}..., got ${response.status} ${response.location ?? ''}`);
  }
  return response.location;
}

/**
 * `clients` browsers, each with its own cookie jar and connections, log in over and over for
 * `durationSeconds`: GET /login -> IdP /authorize -> GET /callback -> GET /dashboard (200, the user's page).
 * Every login starts from an empty jar, like a new visitor.
 */
type Timer = (stage: LoginStage, step: () => Promise<SimpleResponse>) => Promise<SimpleResponse>;

/** One browser's full login, each hop checked; resolves with the jar holding the logged-in session cookie. */
export async function logInOnce(baseUrl: string, agents: Agents, timed: Timer = (_stage, step) => step()): Promise<CookieJar> {
  const jar = new CookieJar();
  const login = await timed('login', () => get(`${baseUrl}/login`, agents));
  jar.store(login.setCookie);
  const authorizeUrl = expectRedirect('login', login, 'https://');
  const authorize = await timed('authorize', () => get(authorizeUrl, agents));
  const callbackUrl = expectRedirect('authorize', authorize, `${baseUrl}/callback?`);
  const callback = await timed('callback', () => get(callbackUrl, agents, jar.header()));
  jar.store(callback.setCookie);
  const dashboardPath = expectRedirect('callback', callback, '/dashboard');
  const dashboard = await timed('dashboard', () => get(new URL(dashboardPath, baseUrl).toString(), agents, jar.header()));
  if (dashboard.status !== 200 || !DASHBOARD_MARKERS.every((marker) => dashboard.body.includes(marker))) {
    throw new LoginFailure(`dashboard: expected the user's page, got ${dashboard.status}`);
  }
  return jar;
}

export async function runLogins(load: LoginLoad): Promise<LoginResult> {
  const stageTimes: Record<LoginStage, number[]> = { login: [], authorize: [], callback: [], dashboard: [] };
  const loginTimes: number[] = [];
  const failureSamples: string[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + load.durationSeconds * 1000;

  async function timed(stage: LoginStage, step: () => Promise<SimpleResponse>): Promise<SimpleResponse> {
    const before = performance.now();
    const response = await step();
    stageTimes[stage].push(performance.now() - before);
    return response;
  }

  async function client(): Promise<void> {
    let agents = createAgents(load.idpCa);
    try {
      while (performance.now() < deadline) {
        const before = performance.now();
        try {
          await logInOnce(load.baseUrl, agents, timed);
          loginTimes.push(performance.now() - before);
        } catch (error) {
          failures += 1;
          if (failureSamples.length < 5) failureSamples.push(error instanceof Error ? error.message : String(error));
          // A broken connection must not poison the next login.
          if (!(error instanceof LoginFailure)) {
            destroyAgents(agents);
            agents = createAgents(load.idpCa);
          }
        }
      }
    } finally {
      destroyAgents(agents);
    }
  }

  await Promise.all(Array.from({ length: load.clients }, () => client()));
  const sorted = [...loginTimes].sort((a, b) => a - b);
  return {
    logins: loginTimes.length,
    failures,
    failureSamples,
    durationSeconds: (performance.now() - started) / 1000,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    stageMedianMs: Object.fromEntries(
      LOGIN_STAGES.map((stage) => [
        stage,
        percentile(
          [...stageTimes[stage]].sort((a, b) => a - b),
          50,
        ),
      ]),
    ) as Record<LoginStage, number>,
  };
}
