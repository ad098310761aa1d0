import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIST } from '../targets/paths.js';
import { cpuMillis } from '../support/proc.js';
import { startChild } from '../support/processes.js';
import type { LoadGenerator, LoadResult, PageLoad } from './page-load.js';

export const WRK_PATH = '/usr/bin/wrk';
const SCRIPT = join(BENCH_DIST, '..', 'load', 'validate.lua');

interface WrkSummary {
  requests: number;
  durationUs: number;
  badStatus: number;
  badBody: number;
  socketErrors: number;
  p50Us: number;
  p99Us: number;
}

export function wrkInstalled(): boolean {
  return existsSync(WRK_PATH);
}

/** wrk is written in C: on two cores it takes far less CPU from the server than a Node generator. */
export const wrk: LoadGenerator = {
  name: 'wrk',
  async run(load: PageLoad): Promise<LoadResult> {
    const args = ['-t1', `-c${load.connections}`, `-d${load.durationSeconds}s`, '--latency', '-s', SCRIPT];
    if (load.cookie) args.push('-H', `Cookie: ${load.cookie}`);
    args.push(load.url, '--', String(load.expectStatus), ...load.markers);
    const child = startChild(WRK_PATH, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Read the generator's CPU just before it exits: /proc/<pid> goes away with it.
    let cpuMs = 0;
    const sampler = setInterval(() => {
      if (child.pid !== undefined) cpuMs = safeCpu(child.pid, cpuMs);
    }, 200);
    const [code] = (await once(child, 'exit')) as [number | null];
    clearInterval(sampler);
    const line = output.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '));
    if (code !== 0 || line === undefined) throw new Error(`wrk failed (exit ${code}):\n${output}`);
    const summary = JSON.parse(line.slice('BENCH_RESULT '.length)) as WrkSummary;
    return {
      requests: summary.requests,
      durationSeconds: summary.durationUs / 1e6,
      badStatus: summary.badStatus,
      badBody: summary.badBody,
      socketErrors: summary.socketErrors,
      p50Ms: summary.p50Us / 1000,
      p99Ms: summary.p99Us / 1000,
      generatorCpuMs: cpuMs,
    };
  },
};

function safeCpu(pid: number, previous: number): number {
  try {
    return cpuMillis(pid);
  } catch {
    return previous;
  }
}
