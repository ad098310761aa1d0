import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: every temporary file of the run (SQLite sessions, certificates, accounts
 * files) goes under one folder, which the test processes inherit as TMPDIR and which goes at the end.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'app-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
