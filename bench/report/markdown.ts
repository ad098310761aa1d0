import { checkGoals, type GoalCheck } from './goals.js';
import { LOGIN_STAGES } from '../load/logins.js';
import type { BenchResults } from './results.js';
import { median, spread } from './stats.js';

const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function mark(check: GoalCheck): string {
  return check.met === undefined ? '—' : check.met ? '✔' : '✘';
}

export function goalTable(results: BenchResults): string {
  const rows = checkGoals(results).map(
    (check) =>
      `| ${check.what} | ${fixed(check.value.median)}x | ${fixed(check.value.min)}..${fixed(check.value.max)} | ${check.goal} | ${mark(check)} |`,
  );
  return ['| comparison | median | min..max over rounds | target | met |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function renderMarkdown(results: BenchResults): string {
  const lines: string[] = [];
  const { machine, settings } = results;
  lines.push(`# Benchmark report (${results.mode})`, '');
  if (results.problems.length > 0) {
    lines.push('> **INVALID RUN: these measurements include responses that were not the expected page.**', '>');
    for (const problem of results.problems) lines.push(`> - ${problem}`);
    lines.push('');
  }
  if (results.warnings.length > 0) {
    lines.push('> **Incomplete:**', '>');
    for (const warning of results.warnings) lines.push(`> - ${warning}`);
    lines.push('');
  }
  lines.push(
    `Started ${results.startedAt}, took ${Math.round(results.totalSeconds)} s. ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, Linux ${machine.kernel}, load average at start ${machine.loadAverageAtStart.map((v) => v.toFixed(2)).join(' ')}.`,
    `Generator: ${results.generator}, ${settings.connections} connections; ${settings.rounds} rounds of ${settings.pageSeconds} s per page target and ${settings.loginSeconds} s per login target (${settings.loginClients} clients), order reversed every other round.`,
    '',
    '## Ratios against the targets',
    '',
    goalTable(results),
    '',
    '## Pages (medians over rounds)',
    '',
    '| target | req/s | min..max | server CPU ms/req | p50 ms | p99 ms | generator CPU ms/req | non-200 | wrong body | socket errors |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const page of results.pages) {
    const rps = spread(page.rounds.map((r) => r.requestsPerSecond));
    const sum = (pick: (round: (typeof page.rounds)[number]) => number): number => page.rounds.reduce((total, round) => total + pick(round), 0);
    lines.push(
      `| ${page.label} | ${fixed(rps.median, 0)} | ${fixed(rps.min, 0)}..${fixed(rps.max, 0)} | ${fixed(median(page.rounds.map((r) => r.cpuPerRequestMs)), 3)} | ${fixed(median(page.rounds.map((r) => r.p50Ms)))} | ${fixed(median(page.rounds.map((r) => r.p99Ms)))} | ${fixed(median(page.rounds.map((r) => r.generatorCpuPerRequestMs)), 3)} | ${sum((r) => r.badStatus)} | ${sum((r) => r.badBody)} | ${sum((r) => r.socketErrors)} |`,
    );
  }
  const sameBody = Object.entries(results.sameDashboardBody).map(([id, same]) => `${id}: ${same ? 'identical' : 'DIFFERENT'}`);
  lines.push(
    '',
    `Dashboard body compared with ours byte for byte: ${sameBody.join(', ') || 'not checked'}.`,
    '',
    'The memory store is refused when NODE_ENV=production, so it runs with NODE_ENV=test; the app caches compiled views in every mode but development, so its row compares with the others.',
    '',
  );

  if (results.logins.length > 0) {
    lines.push(
      '## Full logins (medians over rounds)',
      '',
      `| target | logins/s | min..max | server CPU ms/login | IdP CPU ms/login | p50 ms | p99 ms | ${LOGIN_STAGES.map((stage) => `${stage} ms`).join(' | ')} | failures |`,
      `|---|---|---|---|---|---|---|${LOGIN_STAGES.map(() => '---').join('|')}|---|`,
    );
    for (const login of results.logins) {
      const rate = spread(login.rounds.map((r) => r.loginsPerSecond));
      const stages = LOGIN_STAGES.map((stage) => fixed(median(login.rounds.map((r) => r.stageMedianMs[stage])))).join(' | ');
      lines.push(
        `| ${login.label} | ${fixed(rate.median, 1)} | ${fixed(rate.min, 1)}..${fixed(rate.max, 1)} | ${fixed(median(login.rounds.map((r) => r.serverCpuPerLoginMs)))} | ${fixed(median(login.rounds.map((r) => r.idpCpuPerLoginMs)))} | ${fixed(median(login.rounds.map((r) => r.p50Ms)))} | ${fixed(median(login.rounds.map((r) => r.p99Ms)))} | ${stages} | ${login.rounds.reduce((total, r) => total + r.failures, 0)} |`,
      );
      for (const sample of login.failureSamples) lines.push(`  - failure: ${sample}`);
    }
    lines.push('');
  }

  lines.push('## Memory', '', '| process | RSS at start |', '|---|---|');
  for (const [id, bytes] of Object.entries(results.rssAtStartBytes)) lines.push(`| ${id} | ${mib(bytes)} |`);
  if (results.sessions.length > 0) {
    lines.push(
      '',
      '| store | RSS by sessions created | store bytes/session | payload bytes/session | one logged-in session | fill time | unexpected responses |',
      '|---|---|---|---|---|---|---|',
    );
    for (const memory of results.sessions) {
      const checkpoints = memory.checkpoints.map((point) => `${point.sessions}: ${mib(point.rssBytes)}`).join(', ');
      lines.push(
        `| ${memory.store} | ${checkpoints} | ${fixed(memory.usage.bytesPerSession, 0)} | ${fixed(memory.usage.payloadBytesPerSession, 0)} | ${memory.loggedInSessionBytes ?? 'n/a'} | ${fixed(memory.fillSeconds, 1)} s | ${memory.unexpectedResponses} |`,
      );
    }
    lines.push(
      '',
      'Sessions are login transactions (GET /login without a cookie), counted by 302 answers; they expire after ten minutes. Store bytes: SQLite file + WAL bytes per row present; Redis: MEMORY USAGE of sampled keys.',
    );
  }
  lines.push('');
  return lines.join('\n');
}
