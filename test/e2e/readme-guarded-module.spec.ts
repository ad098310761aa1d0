// The README's "Add a guarded module" walk-through, followed literally on a copy of the project:
// its commands run (the real Nest CLI generator), its code blocks are written where they say, the
// result is formatted, linted, type-checked and built, the compiled app is asked for the new pages
// as anonymous, user and admin, and the README's own test runs. A README that drifts fails here.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLocalIdp, TEST_CLIENT, TEST_SESSION_SECRET } from '../support/app.js';
import { type ChildApp, PROJECT_ROOT, spawnApp } from '../support/child-app.js';
import { HttpClient } from '../support/http-client.js';
import { ADMIN_ACCOUNT, signIn, TEST_ACCOUNT } from '../support/login.js';
import { freePort } from '../support/ports.js';

const run = promisify(execFile);

// What a fresh clone has: no build output, no local data, no reports.
const NOT_COPIED = new Set([
  'node_modules',
  'dist',
  'data',
  'coverage',
  'test-results',
  '.cache',
  '.git',
  '.env',
  'bench/dist',
  'bench/results',
]);

interface CodeBlock {
  language: string;
  /** The first line, which names the file the block belongs to. */
  header: string;
  body: string;
}

function walkThroughBlocks(): CodeBlock[] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Add a guarded module');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, language, text]) => {
    const [header, ...rest] = text.split('\n');
    return { language, header, body: language === 'bash' ? text : rest.join('\n') };
  });
}

/** The file a block names in its first line: `// src/x.ts`, `// src/x.ts, in NAME`, or `{{!-- views/x.hbs --}}`. */
function target(block: CodeBlock): { path: string; array?: string } | undefined {
  const named = /^\/\/ (\S+\.ts)(?:, in (\w+))?$/.exec(block.header) ?? /^\{\{!-- (\S+\.hbs) --\}\}$/.exec(block.header);
  return named ? { path: named[1], array: named[2] } : undefined;
}

/** Puts `entry` as the last element of `export const NAME ... = [ ... ];` in `source`. */
function appendToArray(source: string, name: string, entry: string): string {
  const declaration = source.indexOf(`export const ${name}`);
  const end = source.indexOf('\n];', declaration);
  if (declaration < 0 || end < 0) throw new Error(`no array ${name} to add to`);
  return `${source.slice(0, end)}\n  ${entry.trim()}${source.slice(end)}`;
}

describe('README: add a guarded module (Nest CLI generator, on a copy of the project)', { timeout: 300_000 }, () => {
  const project = mkdtempSync(join(tmpdir(), 'walkthrough-'));
  const shell = (command: string) => run('sh', ['-c', command], { cwd: project, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
  let idp: Awaited<ReturnType<typeof startTestLocalIdp>> | undefined;
  let app: ChildApp | undefined;

  beforeAll(() => {
    cpSync(PROJECT_ROOT, project, { recursive: true, filter: (source) => !NOT_COPIED.has(relative(PROJECT_ROOT, source)) });
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    await app?.stop();
    await idp?.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('generates, guards, renders, links and tests /reports as the README says, and the built app serves it', async () => {
    const blocks = walkThroughBlocks();
    const commands = blocks.filter((block) => block.language === 'bash').flatMap((block) => block.body.split('\n').filter(Boolean));
    expect(commands, 'the README generates with the Nest CLI').toContain('npx nest g module reports');
    for (const command of commands) await shell(command);
    const generated = readdirSync(join(project, 'src', 'reports'));
    expect(generated.sort()).toEqual(['reports.controller.ts', 'reports.module.ts']);
    expect(readFileSync(join(project, 'src', 'app.module.ts'), 'utf8')).toMatch(/imports: \[[^\]]*ReportsModule/);

    const files = blocks.flatMap((block) => (target(block) ? [{ block, ...target(block)! }] : []));
    expect(files.map((file) => file.path).sort()).toEqual([
      'src/common/navigation.ts',
      'src/reports/reports.controller.ts',
      'test/e2e/reports.spec.ts',
      'views/reports.hbs',
    ]);
    for (const { block, path, array } of files) {
      const file = join(project, path);
      const content = array === undefined ? `${block.header}\n${block.body}` : appendToArray(readFileSync(file, 'utf8'), array, block.body);
      writeFileSync(file, content);
    }

    // What CI asks of every change: lint (Prettier included) and types, then the build.
    await shell('npx eslint src/reports src/app.module.ts src/common/navigation.ts test/e2e/reports.spec.ts --max-warnings 0');
    await shell('npx tsc -p tsconfig.json --noEmit && npx nest build');
    expect(existsSync(join(project, 'dist', 'reports', 'reports.controller.js'))).toBe(true);

    const port = await freePort();
    idp = await startTestLocalIdp([port]);
    app = await spawnApp(
      {
        PORT: String(port),
        NODE_ENV: 'test',
        AUTH0_DOMAIN: idp.origin,
        AUTH0_CLIENT_ID: TEST_CLIENT.clientId,
        AUTH0_CLIENT_SECRET: TEST_CLIENT.clientSecret,
        SESSION_SECRET: TEST_SESSION_SECRET,
        SESSION_STORE: 'memory',
        LOG_LEVEL: 'warn',
      },
      { projectRoot: project },
    );

    const anonymous = new HttpClient();
    expect((await anonymous.get(`${app.url}/reports`)).location).toBe(`${app.url}/login?returnTo=%2Freports`);
    expect((await anonymous.get(`${app.url}/reports`, { accept: 'application/json' })).status).toBe(401);

    const user = new HttpClient();
    await signIn(user, app.url, TEST_ACCOUNT);
    const reports = await user.get(`${app.url}/reports`);
    expect(reports.status).toBe(200);
    // In the layout, with its nav link marked current.
    expect(reports.text).toMatch(/<title>Reports · /);
    expect(reports.text).toContain('<li>Sign-ups</li>');
    expect(reports.text).toContain('<a href="/reports" aria-current="page">Reports</a>');
    expect((await user.get(`${app.url}/reports/costs`)).status).toBe(403);
    expect((await user.get(`${app.url}/reports/costs`, { accept: 'application/json' })).status).toBe(403);

    const admin = new HttpClient();
    await signIn(admin, app.url, ADMIN_ACCOUNT);
    const costs = await admin.get(`${app.url}/reports/costs`);
    expect(costs.status).toBe(200);
    expect(costs.text).toContain('<li>Hosting</li>');

    // Step 5: the README's test passes in the project's own test setup.
    const { stdout } = await shell('npx vitest run test/e2e/reports.spec.ts --reporter=default');
    expect(stdout).toMatch(/1 passed/);
  });
});
