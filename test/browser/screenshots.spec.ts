import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScreenshotArguments } from '../../scripts/take-screenshots.js';
import { assertBuildIsCurrent, PROJECT_ROOT } from '../support/child-app.js';

const run = promisify(execFile);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, which always comes first. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('npm run screenshots', () => {
  let outDir: string | undefined;
  afterEach(() => {
    if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
  });

  it('in --quick mode, compiled as npm runs it, photographs the home page of the built app', async () => {
    assertBuildIsCurrent();
    outDir = mkdtempSync(join(tmpdir(), 'screenshots-'));
    await run('npx', ['tsc', '-p', 'scripts/tsconfig.json'], { cwd: PROJECT_ROOT, timeout: 60_000 });
    const { stdout } = await run(process.execPath, ['scripts/dist/screenshots.js', '--quick', '--out', outDir], {
      cwd: PROJECT_ROOT,
      timeout: 60_000,
    });

    expect(stdout).toContain('Wrote 1 screenshot:');
    expect(readdirSync(outDir)).toEqual(['home-light-desktop.png']);
    expect(pngSize(readFileSync(join(outDir, 'home-light-desktop.png')))).toEqual({ width: 1280, height: 800 });
  }, 120_000);

  it('refuses an argument it does not know, with the usage line', () => {
    expect(() => parseScreenshotArguments(['--fast'])).toThrow(/unknown argument "--fast": usage: npm run screenshots/);
    expect(() => parseScreenshotArguments(['--out'])).toThrow(/unknown argument "--out"/);
    expect(parseScreenshotArguments(['--quick', '--out', 'x'])).toEqual({ outDir: join(process.cwd(), 'x'), quick: true });
  });
});
