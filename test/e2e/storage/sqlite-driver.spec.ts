import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { assertBuildIsCurrent, PROJECT_ROOT } from '../../support/child-app.js';

const run = promisify(execFile);

// Opens and drops databases and statements while allocating, so the garbage collector frees many
// of them during ordinary work: the release a Node cannot run aborts the process there (SIGABRT).
const CHURN = (driverUrl: string): string => `
  const { Database } = await import(${JSON.stringify(driverUrl)});
  let garbage = [];
  for (let i = 0; i < 1000; i++) {
    const db = new Database(':memory:');
    db.pragma('journal_mode = WAL');
    db.prepare('SELECT ?').get(i);
    db.close();
    garbage.push(new Array(1000).fill(i));
    if (garbage.length > 50) garbage = [];
  }
  console.log('survived');
`;

describe('the SQLite driver on the Node that runs the tests', () => {
  it('loads a better-sqlite3 whose objects the garbage collector frees without aborting the process', async () => {
    assertBuildIsCurrent();
    const driverUrl = pathToFileURL(join(PROJECT_ROOT, 'dist', 'storage', 'sqlite-driver.js')).href;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CHURN(driverUrl)], { cwd: PROJECT_ROOT });
    expect(stdout.trim()).toBe('survived');
  });
});
