export interface BenchOptions {
  mode: 'quick' | 'full';
  rounds: number;
  pageSeconds: number;
  loginSeconds: number;
  warmupSeconds: number;
  connections: number;
  loginClients: number;
  /** Sessions created (per store) at each RSS reading. */
  sessionCheckpoints: number[];
  /** Gives up on the session phase (and says so) rather than run for ever on a swamped machine. */
  sessionFillMaxSeconds: number;
}

const FULL: BenchOptions = {
  mode: 'full',
  rounds: 4,
  pageSeconds: 3,
  loginSeconds: 3,
  warmupSeconds: 1,
  connections: 10,
  loginClients: 8,
  sessionCheckpoints: [20_000, 100_000],
  sessionFillMaxSeconds: 150,
};

// A few seconds per target: enough to prove every step still works, not to measure.
const QUICK: BenchOptions = {
  ...FULL,
  mode: 'quick',
  rounds: 2,
  pageSeconds: 1,
  loginSeconds: 1,
  warmupSeconds: 0,
  sessionCheckpoints: [500, 1500],
  sessionFillMaxSeconds: 20,
};

export function parseOptions(argv: readonly string[]): BenchOptions {
  const unknown = argv.filter((arg) => arg !== '--quick');
  if (unknown.length > 0) throw new Error(`unknown arguments: ${unknown.join(' ')} (only --quick is accepted)`);
  return argv.includes('--quick') ? QUICK : FULL;
}
