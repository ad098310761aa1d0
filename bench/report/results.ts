import type { LoginStage } from '../load/logins.js';
import type { StoreUsage } from '../support/store-usage.js';

export interface PageRound {
  requestsPerSecond: number;
  cpuPerRequestMs: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  badStatus: number;
  badBody: number;
  socketErrors: number;
  generatorCpuPerRequestMs: number;
}

export interface PageTarget {
  id: string;
  label: string;
  path: string;
  rounds: PageRound[];
}

export interface LoginRound {
  loginsPerSecond: number;
  serverCpuPerLoginMs: number;
  idpCpuPerLoginMs: number;
  p50Ms: number;
  p99Ms: number;
  logins: number;
  failures: number;
  stageMedianMs: Record<LoginStage, number>;
}

export interface LoginTarget {
  id: string;
  label: string;
  rounds: LoginRound[];
  failureSamples: string[];
}

export interface SessionMemory {
  store: 'sqlite' | 'redis';
  /** Sessions created so far (302s from GET /login) and the server's RSS then. */
  checkpoints: Array<{ sessions: number; rssBytes: number }>;
  usage: StoreUsage;
  /** One logged-in session (not a login transaction), as the store holds it. */
  loggedInSessionBytes: number | undefined;
  unexpectedResponses: number;
  fillSeconds: number;
  timedOut: boolean;
}

export interface BenchResults {
  startedAt: string;
  mode: 'quick' | 'full';
  totalSeconds: number;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; kernel: string; loadAverageAtStart: number[] };
  generator: string;
  settings: {
    rounds: number;
    pageSeconds: number;
    loginSeconds: number;
    connections: number;
    loginClients: number;
    sessionCheckpoints: number[];
  };
  rssAtStartBytes: Record<string, number>;
  pages: PageTarget[];
  logins: LoginTarget[];
  sessions: SessionMemory[];
  /** Whether the bare and anchor dashboards rendered the same bytes as ours. */
  sameDashboardBody: Record<string, boolean>;
  /** Everything that makes the run invalid; empty for a valid run. */
  problems: string[];
  /** What the run could not finish (e.g. fewer sessions than planned); the rest stays valid. */
  warnings: string[];
}
