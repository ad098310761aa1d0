import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { autocannonGenerator } from './load/autocannon.js';
import { logInOnce, runLogins } from './load/logins.js';
import type { LoadGenerator } from './load/page-load.js';
import { fillSessions } from './load/sessions.js';
import { wrk, wrkInstalled } from './load/wrk.js';
import { parseOptions } from './options.js';
import { renderChart } from './report/chart.js';
import { goalTable, renderMarkdown } from './report/markdown.js';
import type { BenchResults, LoginTarget, PageTarget, SessionMemory } from './report/results.js';
import { CookieJar } from './support/cookie-jar.js';
import { createAgents, destroyAgents, get } from './support/http.js';
import { cpuMillis, rssBytes } from './support/proc.js';
import { alsoOnInterrupt, freePort, makeTempDir } from './support/processes.js';
import { BenchRedis, sqliteSessionBytes, sqliteUsage } from './support/store-usage.js';
import { createLoopbackCertificate } from './support/tls.js';
import { DASHBOARD_MARKERS, HOME_MARKERS } from './targets/bench-user.js';
import { REPO_ROOT } from './targets/paths.js';
import {
  type RunningServer,
  type Shared,
  sqlitePathOf,
  startAnchor,
  startBareNest,
  startBareNestSession,
  startIdp,
  startOurApp,
  type StoreKind,
} from './targets/servers.js';

// A logical database of its own on the shared Redis: the run counts and deletes only its keys.
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/9';
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

interface PageSpec {
  id: string;
  label: string;
  server: RunningServer;
  path: string;
  cookie?: string;
  markers: readonly string[];
}

const options = parseOptions(process.argv.slice(2));
const generator: LoadGenerator = wrkInstalled() ? wrk : autocannonGenerator;
const runStarted = performance.now();
const log = (message: string): void => console.log(`[bench ${((performance.now() - runStarted) / 1000).toFixed(0).padStart(3)} s] ${message}`);

/**
 * Our dashboard also shows the session's own times and the user's record in the app's database
 * (the users example), which the other targets have no store to know and which differ per login
 * anyway; the rest must match byte for byte.
 */
function withoutOurOwnCards(body: string): string {
  return body.replace(/\n\s*<section class="card session-card"[\s\S]*?<\/section>/g, '');
}

/** The session id inside express-session's signed cookie value (`s:<sid>.<signature>`). */
function sessionIdOf(cookieHeader: string): string {
  const value = decodeURIComponent(/(?:^|; )app_session=([^;]+)/.exec(cookieHeader)?.[1] ?? '');
  return value.slice(2, value.lastIndexOf('.'));
}

async function main(): Promise<number> {
  const dir = makeTempDir('nest-auth0-bench');
  const certificate = createLoopbackCertificate(dir);
  const idpCa = readFileSync(certificate.certFile, 'utf8');
  const redis = await BenchRedis.connect(REDIS_URL);
  alsoOnInterrupt(() => redis.removeAll());
  const leftover = await redis.size();
  if (leftover > 0) {
    log(`Redis database ${REDIS_URL} holds ${leftover} keys from an earlier run: removing them`);
    await redis.removeAll();
  }
  const problems: string[] = [];
  const warnings: string[] = [];

  const ports = {
    idp: await freePort(),
    memory: await freePort(),
    sqlite: await freePort(),
    redis: await freePort(),
    bare: await freePort(),
    bareSession: await freePort(),
    anchor: await freePort(),
  };
  const shared: Shared = {
    dir,
    idpOrigin: `https://127.0.0.1:${ports.idp}`,
    idpCertFile: certificate.certFile,
    clientId: 'bench-client',
    clientSecret: randomBytes(24).toString('base64url'),
    sessionSecret: randomBytes(32).toString('base64url'),
    redisUrl: REDIS_URL,
  };
  const callbacks = [ports.memory, ports.sqlite, ports.redis, ports.anchor].map((port) => `http://127.0.0.1:${port}/callback`);

  try {
    log(`starting the IdP and six servers (generator: ${generator.name})`);
    const idp = await startIdp(shared, ports.idp, certificate.keyFile, callbacks);
    // Started together to save time; each RSS is read as soon as that server answers.
    const rssAtStartBytes: Record<string, number> = {};
    const withStartRss = async (starting: Promise<RunningServer>): Promise<RunningServer> => {
      const server = await starting;
      rssAtStartBytes[server.name] = rssBytes(server.pid);
      return server;
    };
    const [memory, sqlite, redisApp, bare, bareSession, anchor] = await Promise.all([
      withStartRss(startOurApp(shared, 'memory', ports.memory)),
      withStartRss(startOurApp(shared, 'sqlite', ports.sqlite)),
      withStartRss(startOurApp(shared, 'redis', ports.redis)),
      withStartRss(startBareNest(shared, ports.bare)),
      withStartRss(startBareNestSession(shared, ports.bareSession)),
      withStartRss(startAnchor(shared, ports.anchor)),
    ]);
    const servers: Record<StoreKind, RunningServer> = { memory, sqlite, redis: redisApp };

    log('logging in once per target');
    const agents = createAgents(idpCa);
    const cookies: Record<string, string> = {};
    for (const server of [servers.memory, servers.sqlite, servers.redis, anchor]) {
      cookies[server.name] = (await logInOnce(server.baseUrl, agents)).header();
    }
    // The session rung has no IdP: its /login puts the bench user in a new session.
    const rungJar = new CookieJar();
    rungJar.store((await get(`${bareSession.baseUrl}/login`, agents)).setCookie);
    cookies[bareSession.name] = rungJar.header();
    const sameDashboardBody: Record<string, boolean> = {};
    const ours = await get(`${servers.sqlite.baseUrl}/dashboard`, agents, cookies['app-sqlite']);
    for (const [name, server, cookie] of [
      ['bare-nest', bare, undefined],
      ['bare-nest-session', bareSession, cookies[bareSession.name]],
      ['anchor', anchor, cookies.anchor],
    ] as const) {
      const theirs = await get(`${server.baseUrl}/dashboard`, agents, cookie);
      sameDashboardBody[name] = theirs.status === 200 && theirs.body === withoutOurOwnCards(ours.body);
      if (!sameDashboardBody[name]) {
        // Both bodies are kept, so `diff` shows what drifted.
        mkdirSync(RESULTS_DIR, { recursive: true });
        writeFileSync(join(RESULTS_DIR, 'dashboard-ours.html'), withoutOurOwnCards(ours.body));
        writeFileSync(join(RESULTS_DIR, `dashboard-${name}.html`), theirs.body);
        problems.push(
          `${name}'s dashboard body differs from ours (diff bench/results/dashboard-ours.html bench/results/dashboard-${name}.html)`,
        );
      }
    }
    destroyAgents(agents);

    const specs: PageSpec[] = [
      ...(['sqlite', 'redis', 'memory'] as const).map((store) => ({
        id: `dashboard-${store}`,
        label: `ours /dashboard (${store}${store === 'memory' ? ', NODE_ENV=test' : ''})`,
        server: servers[store],
        path: '/dashboard',
        cookie: cookies[`app-${store}`],
        markers: DASHBOARD_MARKERS,
      })),
      { id: 'home', label: 'ours public / (anonymous, sqlite)', server: servers.sqlite, path: '/', markers: HOME_MARKERS },
      { id: 'bare-nest', label: 'bare NestJS /dashboard', server: bare, path: '/dashboard', markers: DASHBOARD_MARKERS },
      {
        id: 'bare-nest-session',
        label: 'bare NestJS + the app’s session layer /dashboard',
        server: bareSession,
        path: '/dashboard',
        cookie: cookies[bareSession.name],
        markers: DASHBOARD_MARKERS,
      },
      {
        id: 'anchor',
        label: 'express-openid-connect /dashboard',
        server: anchor,
        path: '/dashboard',
        cookie: cookies.anchor,
        markers: DASHBOARD_MARKERS,
      },
    ];
    const load = (spec: PageSpec, durationSeconds: number) =>
      generator.run({
        url: `${spec.server.baseUrl}${spec.path}`,
        cookie: spec.cookie,
        expectStatus: 200,
        markers: spec.markers,
        connections: options.connections,
        durationSeconds,
      });

    if (options.warmupSeconds > 0) {
      log(`warming up each page target for ${options.warmupSeconds} s`);
      for (const spec of specs) await load(spec, options.warmupSeconds);
    }

    const pages: PageTarget[] = specs.map((spec) => ({ id: spec.id, label: spec.label, path: spec.path, rounds: [] }));
    for (let round = 0; round < options.rounds; round += 1) {
      const order = round % 2 === 0 ? specs : [...specs].reverse();
      log(`page round ${round + 1}/${options.rounds}: ${order.map((spec) => spec.id).join(' ')}`);
      for (const spec of order) {
        const cpuBefore = cpuMillis(spec.server.pid);
        const result = await load(spec, options.pageSeconds);
        const cpu = cpuMillis(spec.server.pid) - cpuBefore;
        const requests = Math.max(result.requests, 1);
        pages[specs.indexOf(spec)]?.rounds.push({
          requestsPerSecond: result.requests / result.durationSeconds,
          cpuPerRequestMs: cpu / requests,
          p50Ms: result.p50Ms,
          p99Ms: result.p99Ms,
          requests: result.requests,
          badStatus: result.badStatus,
          badBody: result.badBody,
          socketErrors: result.socketErrors,
          generatorCpuPerRequestMs: result.generatorCpuMs / requests,
        });
      }
    }
    for (const page of pages) {
      const bad = page.rounds.reduce((sum, round) => sum + round.badStatus + round.badBody + round.socketErrors, 0);
      if (bad > 0) problems.push(`${page.label}: ${bad} responses were not the expected 200 page (or failed)`);
    }

    const loginTargets = [
      { id: 'logins-ours', label: 'ours (sqlite)', server: servers.sqlite },
      { id: 'logins-anchor', label: 'express-openid-connect', server: anchor },
    ];
    const logins: LoginTarget[] = loginTargets.map((target) => ({ id: target.id, label: target.label, rounds: [], failureSamples: [] }));
    for (let round = 0; round < options.rounds; round += 1) {
      const order = round % 2 === 0 ? loginTargets : [...loginTargets].reverse();
      log(`login round ${round + 1}/${options.rounds}: ${order.map((target) => target.id).join(' ')}`);
      for (const target of order) {
        const serverBefore = cpuMillis(target.server.pid);
        const idpBefore = cpuMillis(idp.pid);
        const result = await runLogins({
          baseUrl: target.server.baseUrl,
          idpCa,
          clients: options.loginClients,
          durationSeconds: options.loginSeconds,
        });
        const completed = Math.max(result.logins, 1);
        const entry = logins[loginTargets.indexOf(target)];
        entry?.rounds.push({
          loginsPerSecond: result.logins / result.durationSeconds,
          serverCpuPerLoginMs: (cpuMillis(target.server.pid) - serverBefore) / completed,
          idpCpuPerLoginMs: (cpuMillis(idp.pid) - idpBefore) / completed,
          p50Ms: result.p50Ms,
          p99Ms: result.p99Ms,
          logins: result.logins,
          failures: result.failures,
          stageMedianMs: result.stageMedianMs,
        });
        entry?.failureSamples.push(...result.failureSamples.slice(0, 3 - (entry.failureSamples.length ?? 0)));
      }
    }
    for (const login of logins) {
      const failures = login.rounds.reduce((sum, round) => sum + round.failures, 0);
      if (failures > 0) problems.push(`logins ${login.label}: ${failures} logins failed (${login.failureSamples.join('; ')})`);
    }

    // Both stores fill at once: each server is bound by its own core, and 100k sessions one
    // store after the other would take most of the run.
    const fillStores = ['sqlite', 'redis'] as const;
    const sessions: SessionMemory[] = fillStores.map((store) => ({
      store,
      checkpoints: [],
      usage: { sessions: 0, bytesPerSession: 0, payloadBytesPerSession: 0 },
      loggedInSessionBytes: undefined,
      unexpectedResponses: 0,
      fillSeconds: 0,
      timedOut: false,
    }));
    for (const target of options.sessionCheckpoints) {
      log(`sqlite and redis: creating sessions up to ${target} in each`);
      await Promise.all(
        sessions.map(async (memory) => {
          const server = servers[memory.store];
          const done = memory.checkpoints[memory.checkpoints.length - 1]?.sessions ?? 0;
          const fill = await fillSessions(generator, server.baseUrl, target - done, options.sessionFillMaxSeconds - memory.fillSeconds);
          memory.fillSeconds += fill.seconds;
          memory.unexpectedResponses += fill.unexpected;
          memory.timedOut ||= fill.timedOut;
          memory.checkpoints.push({ sessions: done + fill.created, rssBytes: rssBytes(server.pid) });
        }),
      );
    }
    for (const memory of sessions) {
      const sid = sessionIdOf(cookies[servers[memory.store].name] ?? '');
      if (memory.store === 'sqlite') {
        const path = sqlitePathOf(shared, servers.sqlite);
        memory.usage = sqliteUsage(path);
        memory.loggedInSessionBytes = sqliteSessionBytes(path, sid);
      } else {
        memory.usage = await redis.usage();
        memory.loggedInSessionBytes = await redis.sessionBytes(sid);
      }
      if (memory.unexpectedResponses > 0) {
        problems.push(`${memory.store} sessions: ${memory.unexpectedResponses} answers to GET /login were not the 302 to the IdP`);
      }
      if (memory.timedOut) {
        warnings.push(
          `${memory.store} sessions: stopped after ${options.sessionFillMaxSeconds} s, short of ${options.sessionCheckpoints.at(-1)} sessions (machine too busy?)`,
        );
      }
    }

    const results: BenchResults = {
      startedAt: new Date(Date.now() - (performance.now() - runStarted)).toISOString(),
      mode: options.mode,
      totalSeconds: (performance.now() - runStarted) / 1000,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(totalmem() / 1024 ** 3),
        node: process.version,
        kernel: release(),
        loadAverageAtStart: loadavg(),
      },
      generator: generator.name,
      settings: {
        rounds: options.rounds,
        pageSeconds: options.pageSeconds,
        loginSeconds: options.loginSeconds,
        connections: options.connections,
        loginClients: options.loginClients,
        sessionCheckpoints: options.sessionCheckpoints,
      },
      rssAtStartBytes,
      pages,
      logins,
      sessions,
      sameDashboardBody,
      problems,
      warnings,
    };
    writeReport(results);
    console.log(`\n${goalTable(results)}\n`);
    for (const warning of warnings) console.warn(`warning: ${warning}`);
    if (problems.length > 0) {
      console.error(`INVALID RUN:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
      return 1;
    }
    log('done: every measured response was the expected page');
    return 0;
  } finally {
    const removed = await redis.removeAll();
    await redis.close();
    if (removed > 0) log(`removed the ${removed} Redis keys this run created`);
  }
}

function writeReport(results: BenchResults): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stem = join(RESULTS_DIR, `${results.mode}-${results.startedAt.replace(/[:.]/g, '-')}`);
  writeFileSync(`${stem}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${stem}.md`, renderMarkdown(results));
  writeFileSync(`${stem}.svg`, renderChart(results, `Ratios against the targets (${results.mode} run, ${results.startedAt.slice(0, 10)})`));
  for (const extension of ['json', 'md', 'svg']) copyFileSync(`${stem}.${extension}`, join(RESULTS_DIR, `latest-${results.mode}.${extension}`));
  log(`report: ${stem}.md (+ .json, .svg; also latest-${results.mode}.*)`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  },
);
