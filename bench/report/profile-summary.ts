import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface CostLine {
  where: string;
  ms: number;
  /** Share of busy CPU (everything but idle). */
  percent: number;
}

/**
 * Where a frame's code lives: a package (the innermost node_modules folder), a Node core
 * module, a file of ours, or one of V8's pseudo-frames (GC, program).
 */
function bucketOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'V8/native (program)';
    // Native bindings have no script: writev, writeString, ... are socket and buffer writes.
    return functionName.startsWith('(') ? functionName : `native: ${functionName}`;
  }
  if (url.startsWith('node:')) return url;
  const packagePath = url.split('/node_modules/').pop() ?? url;
  if (packagePath !== url) {
    const parts = packagePath.split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  const ours = /\/(dist|bench\/dist)\/(.*)$/.exec(url);
  return ours ? `app: ${ours[1]}/${ours[2]}` : url;
}

/**
 * Self time summed by bucket, from the sample timeline (not hit counts, which assume a fixed
 * interval). Samples in the first `skipMs` (boot, module loading, the first login) are left out.
 */
export function summariseProfile(path: string, skipMs = 0): { busyMs: number; lines: CostLine[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const bucketByNode = new Map(profile.nodes.map((node) => [node.id, bucketOf(node)]));
  const totals = new Map<string, number>();
  let elapsedMs = 0;
  profile.samples.forEach((nodeId, index) => {
    elapsedMs += (profile.timeDeltas[index] ?? 0) / 1000;
    if (elapsedMs < skipMs) return;
    const bucket = bucketByNode.get(nodeId) ?? 'unknown';
    totals.set(bucket, (totals.get(bucket) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  totals.delete('(idle)');
  const busyMs = [...totals.values()].reduce((sum, ms) => sum + ms, 0);
  const lines = [...totals].map(([where, ms]) => ({ where, ms, percent: (ms / busyMs) * 100 })).sort((a, b) => b.ms - a.ms);
  return { busyMs, lines };
}
