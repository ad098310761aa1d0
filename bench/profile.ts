import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { logInOnce, runLogins } from './load/logins.js';
import type { LoadGenerator } from './load/page-load.js';
import { autocannonGenerator } from './load/autocannon.js';
import { wrk, wrkInstalled } from './load/wrk.js';
import { summariseProfile } from './report/profile-summary.js';
import { createAgents, destroyAgents } from './support/http.js';
import { freePort, makeTempDir, stopChild } from './support/processes.js';
import { createLoopbackCertificate } from './support/tls.js';
import { DASHBOARD_MARKERS, HOME_MARKERS } from './targets/bench-user.js';
import { REPO_ROOT } from './targets/paths.js';
import { type RunningServer, type Shared, startIdp, startOurApp } from './targets/servers.js';

/**
 * Profiles our app (production, SQLite store) on three paths, one fresh process each:
 * the guarded /dashboard, the anonymous /, and full logins through /callback. Writes each
 * .cpuprofile (open in Chrome DevTools) and a summary of self time by package or file.
 */
const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 10);
const TOP = 15;
const generator: LoadGenerator = wrkInstalled() ? wrk : autocannonGenerator;

/** Puts load on one path; calls `started` just before the measured load begins. */
type Drive = (server: RunningServer, idpCa: string, started: () => void) => Promise<string>;

async function main(): Promise<void> {
  const dir = makeTempDir('nest-auth0-profile');
  const certificate = createLoopbackCertificate(dir);
  const idpCa = readFileSync(certificate.certFile, 'utf8');
  const outDir = join(REPO_ROOT, 'bench', 'results', `profile-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(outDir, { recursive: true });
  const idpPort = await freePort();
  const appPort = await freePort();
  const shared: Shared = {
    dir,
    idpOrigin: `https://127.0.0.1:${idpPort}`,
    idpCertFile: certificate.certFile,
    clientId: 'bench-client',
    clientSecret: randomBytes(24).toString('base64url'),
    sessionSecret: randomBytes(32).toString('base64url'),
    redisUrl: 'redis://127.0.0.1:6379/9',
  };
  const idp = await startIdp(shared, idpPort, certificate.keyFile, [`http://127.0.0.1:${appPort}/callback`]);

  const drivePage = async (url: string, markers: readonly string[], cookie?: string): Promise<string> => {
    const result = await generator.run({ url, cookie, expectStatus: 200, markers, connections: 10, durationSeconds: SECONDS });
    return `${result.requests} requests, ${result.badStatus + result.badBody} not the expected page`;
  };

  const paths: Array<[string, Drive]> = [
    [
      'dashboard-sqlite',
      async (server, _idpCa, started) => {
        const agents = createAgents(idpCa);
        const cookie = (await logInOnce(server.baseUrl, agents)).header();
        destroyAgents(agents);
        started();
        return drivePage(`${server.baseUrl}/dashboard`, DASHBOARD_MARKERS, cookie);
      },
    ],
    [
      'home-anonymous',
      async (server, _idpCa, started) => {
        started();
        return drivePage(`${server.baseUrl}/`, HOME_MARKERS);
      },
    ],
    [
      'logins',
      async (server, _idpCa, started) => {
        started();
        const result = await runLogins({ baseUrl: server.baseUrl, idpCa, clients: 8, durationSeconds: SECONDS });
        return `${result.logins} logins, ${result.failures} failed`;
      },
    ],
  ];

  const report: string[] = [
    `# CPU profiles of our app (production, SQLite store), ${SECONDS} s of load each`,
    '',
    'Self time by package (node_modules), Node core module (node:...), native binding or file of ours; boot excluded.',
    '',
  ];
  for (const [name, drive] of paths) {
    const profileDir = join(outDir, name);
    const spawnedAt = performance.now();
    const server = await startOurApp({ ...shared, appNodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] }, 'sqlite', appPort);
    console.log(`profiling ${name} for ${SECONDS} s`);
    let loadStartedAt = 0;
    const load = await drive(server, idpCa, () => (loadStartedAt = performance.now()));
    // The profile is written when the process exits: give it the graceful path.
    await stopChild(server.child, 15_000);
    const file = readdirSync(profileDir).find((entry) => entry.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`no profile written for ${name}`);
    // The profile starts with the process: leave boot and the first login out of the summary.
    const { busyMs, lines } = summariseProfile(join(profileDir, file), loadStartedAt - spawnedAt);
    report.push(`## ${name} (${load}; ${(busyMs / 1000).toFixed(1)} s busy CPU)`, '', '| self time in | ms | % of busy |', '|---|---|---|');
    for (const line of lines.slice(0, TOP)) report.push(`| ${line.where} | ${line.ms.toFixed(0)} | ${line.percent.toFixed(1)}% |`);
    report.push('');
  }
  await stopChild(idp.child);
  writeFileSync(join(outDir, 'summary.md'), report.join('\n'));
  console.log(report.join('\n'));
  console.log(`profiles and summary in ${outDir}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('profile failed:', error);
    process.exit(1);
  },
);
