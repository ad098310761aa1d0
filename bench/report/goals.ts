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

/**
 * The targets, each checked on the median of the per-round ratios. Page speed is compared by
 * server CPU per request (the inverse ratio: higher is faster), which a shared machine disturbs far
 * less than requests per second. Rows without a target are the rungs: where the cost goes.
 */
export function checkGoals(results: BenchResults): GoalCheck[] {
  const checks: GoalCheck[] = [];
  const add = (what: string, goal: string, value: Spread | undefined, test?: (median: number) => boolean): void => {
    if (value !== undefined) {
      checks.push({ what, goal, value, met: test === undefined || !Number.isFinite(value.median) ? undefined : test(value.median) });
    }
  };
  const atLeast = (limit: number) => (median: number) => median >= limit;
  // How much faster `a` is than `b`: b's CPU per request over a's.
  const speed = (a: string, b: string): Spread | undefined => cpuRatio(results, b, a);

  add('guarded /dashboard (sqlite) speed vs express-openid-connect', '>= 1.2x', speed('dashboard-sqlite', 'anchor'), atLeast(1.2));
  add('guarded /dashboard (redis) speed vs express-openid-connect', '(measured)', speed('dashboard-redis', 'anchor'));
  add('guarded /dashboard (sqlite) speed vs bare Nest', '>= 0.45x', speed('dashboard-sqlite', 'bare-nest'), atLeast(0.45));
  add('rung: bare Nest + the app’s session layer vs bare Nest', '(measured)', speed('bare-nest-session', 'bare-nest'));
  add('rung: guarded /dashboard (sqlite) vs bare Nest + the app’s session layer', '(measured)', speed('dashboard-sqlite', 'bare-nest-session'));
  add('public / CPU per request vs bare Nest', '<= 1.5x', cpuRatio(results, 'home', 'bare-nest'), (median) => median <= 1.5);

  const ours = results.logins.find((login) => login.id === 'logins-ours');
  const anchor = results.logins.find((login) => login.id === 'logins-anchor');
  if (ours && anchor) {
    const ratios = roundRatios(
      ours.rounds.map((r) => r.loginsPerSecond),
      anchor.rounds.map((r) => r.loginsPerSecond),
    );
    add('full logins/s vs express-openid-connect', '>= 1.2x', spread(ratios), atLeast(1.2));
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
