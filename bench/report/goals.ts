import type { BenchResults, PageTarget } from './results.js';
import { roundRatios, type Spread, spread } from './stats.js';

export interface GoalCheck {
  what: string;
  goal: string;
  value: Spread;
  met: boolean | undefined;
}

function pageRounds(results: BenchResults, id: string): PageTarget | undefined {
  return results.pages.find((page) => page.id === id);
}

function rateRatio(results: BenchResults, a: string, b: string): Spread | undefined {
  const pa = pageRounds(results, a);
  const pb = pageRounds(results, b);
  if (!pa || !pb) return undefined;
  return spread(
    roundRatios(
      pa.rounds.map((r) => r.requestsPerSecond),
      pb.rounds.map((r) => r.requestsPerSecond),
    ),
  );
}

function cpuRatio(results: BenchResults, a: string, b: string): Spread | undefined {
  const pa = pageRounds(results, a);
  const pb = pageRounds(results, b);
  if (!pa || !pb) return undefined;
  return spread(
    roundRatios(
      pa.rounds.map((r) => r.cpuPerRequestMs),
      pb.rounds.map((r) => r.cpuPerRequestMs),
    ),
  );
}

/** The targets from the issue, each checked on the median of the per-round ratios. */
export function checkGoals(results: BenchResults): GoalCheck[] {
  const checks: GoalCheck[] = [];
  const add = (what: string, goal: string, value: Spread | undefined, test: (median: number) => boolean): void => {
    if (value !== undefined) checks.push({ what, goal, value, met: Number.isFinite(value.median) ? test(value.median) : undefined });
  };
  const atLeast = (limit: number) => (median: number) => median >= limit;

  for (const store of ['sqlite', 'redis', 'memory']) {
    add(
      `guarded /dashboard (${store}) req/s vs express-openid-connect`,
      '>= 1.5x',
      rateRatio(results, `dashboard-${store}`, 'anchor'),
      atLeast(1.5),
    );
  }
  for (const store of ['sqlite', 'redis', 'memory']) {
    add(`guarded /dashboard (${store}) req/s vs bare Nest`, '>= 0.6x', rateRatio(results, `dashboard-${store}`, 'bare-nest'), atLeast(0.6));
  }
  add('guarded /dashboard (sqlite) req/s vs public /', '>= 0.85x', rateRatio(results, 'dashboard-sqlite', 'home'), atLeast(0.85));
  add('guarded /dashboard (redis) req/s vs public /', '>= 0.8x', rateRatio(results, 'dashboard-redis', 'home'), atLeast(0.8));
  add('public / CPU per request vs bare Nest', '<= 1.5x', cpuRatio(results, 'home', 'bare-nest'), (median) => median <= 1.5);

  const ours = results.logins.find((login) => login.id === 'logins-ours');
  const anchor = results.logins.find((login) => login.id === 'logins-anchor');
  if (ours && anchor) {
    const ratios = roundRatios(
      ours.rounds.map((r) => r.loginsPerSecond),
      anchor.rounds.map((r) => r.loginsPerSecond),
    );
    add('full logins/s vs express-openid-connect', '>= 1.0x', spread(ratios), atLeast(1.0));
  }

  const bare = results.rssAtStartBytes['bare-nest'];
  for (const store of ['sqlite', 'redis'] as const) {
    const rss = results.rssAtStartBytes[`app-${store}`];
    if (bare !== undefined && rss !== undefined) {
      const ratio = rss / bare;
      add(`RSS at start (${store}) vs bare Nest`, '<= 1.3x', { median: ratio, min: ratio, max: ratio }, (median) => median <= 1.3);
    }
  }
  for (const memory of results.sessions) {
    const first = memory.checkpoints[0];
    const last = memory.checkpoints[memory.checkpoints.length - 1];
    if (first && last && first !== last) {
      const ratio = last.rssBytes / first.rssBytes;
      add(
        `RSS after ${Math.round(last.sessions / 1000)}k vs ${Math.round(first.sessions / 1000)}k sessions (${memory.store})`,
        '0.9x..1.1x',
        { median: ratio, min: ratio, max: ratio },
        (median) => median >= 0.9 && median <= 1.1,
      );
    }
  }
  return checks;
}
