// The README's "Add a guarded module" walk-through, followed literally on a copy of the project:
// its commands run (the real Nest CLI generator), its code blocks are written where they say, the
// result is formatted, linted, type-checked and built, the compiled app is asked for the new pages
// as anonymous, user and admin, and the README's own test runs. A README that drifts fails here.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
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

/**
 * Where a block goes, from its first line: a whole file (`// src/x.ts`, `{{!-- views/x.hbs --}}`),
 * the last entry of an array in one (`// src/x.ts, in NAME`), or after its imports (`// src/x.ts, at the top`).
 */
type Placement = { path: string; into: 'file' } | { path: string; into: 'array'; array: string } | { path: string; into: 'imports' };

function target(block: CodeBlock): Placement | undefined {
  const view = /^\{\{!-- (\S+\.hbs) --\}\}$/.exec(block.header);
  if (view) return { path: view[1], into: 'file' };
  const code = /^\/\/ (\S+\.ts)(?:, (?:in (\w+)|(at the top)))?$/.exec(block.header);
  if (!code) return undefined;
  if (code[2] !== undefined) return { path: code[1], into: 'array', array: code[2] };
  return { path: code[1], into: code[3] === undefined ? 'file' : 'imports' };
}

/** Puts `entry` as the last element of `export const NAME ... = [ ... ];` in `source`, one line or several. */
function appendToArray(source: string, name: string, entry: string): string {
  const declaration = source.indexOf(`export const ${name}`);
  const end = source.indexOf('];', declaration);
  if (declaration < 0 || end < 0) throw new Error(`no array ${name} to add to`);
  const before = source.slice(0, end).trimEnd();
  const separator = before.endsWith(',') || before.endsWith('[') ? '\n  ' : ',\n  ';
  return `${before}${separator}${entry.trim().replace(/,$/, '')},\n${source.slice(end)}`;
}

/** Puts `lines` after the last import of `source`. */
function addImports(source: string, lines: string): string {
  const lastImport = source.lastIndexOf('\nimport ');
  const endOfImport = source.indexOf(';\n', lastImport) + 2;
  return `${source.slice(0, endOfImport)}${lines.trimEnd()}\n${source.slice(endOfImport)}`;
}

function place(placement: Placement, block: CodeBlock, current: () => string): string {
  switch (placement.into) {
    case 'file':
      return `${block.header}\n${block.body}`;
    case 'array':
      return appendToArray(current(), placement.array, block.body);
    case 'imports':
      return addImports(current(), block.body);
  }
}

describe('README: add a guarded module (Nest CLI generator, on a copy of the project)', { timeout: 300_000 }, () => {
  const project = mkdtempSync(join(tmpdir(), 'walkthrough-'));
  // A failing command fails the test with what it printed, so a drifted README says why.
  // The README's commands run on the Node that runs this test (npx and the scripts it starts find
  // `node` on PATH), so a native addon built for this Node loads in them too.
  const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
  const shell = (command: string) =>
    run('sh', ['-c', command], { cwd: project, env, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: { stdout?: string; stderr?: string }) => {
        throw new Error(`${command} failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
      },
    );
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
    expect(generated.sort()).toEqual(['reports-login.hook.ts', 'reports.controller.ts', 'reports.module.ts']);
    expect(readFileSync(join(project, 'src', 'reports', 'reports.module.ts'), 'utf8')).toMatch(/providers: \[ReportsLoginHook\]/);
    expect(readFileSync(join(project, 'src', 'app.module.ts'), 'utf8')).toMatch(/imports: \[[^\]]*ReportsModule/);

    const placed = blocks.flatMap((block) => {
      const placement = target(block);
      return placement === undefined ? [] : [{ block, placement }];
    });
    expect(placed.map(({ placement }) => `${placement.path} ${placement.into}`).sort()).toEqual([
      'src/app.pipeline.ts array',
      'src/app.pipeline.ts array',
      'src/app.pipeline.ts imports',
      'src/common/navigation.ts array',
      'src/reports/reports-login.hook.ts file',
      'src/reports/reports.controller.ts file',
      'test/e2e/reports.spec.ts file',
      'views/reports.hbs file',
    ]);
    for (const { block, placement } of placed) {
      const file = join(project, placement.path);
      writeFileSync(
        file,
        place(placement, block, () => readFileSync(file, 'utf8')),
      );
    }
    // An editor formats the list the entries went into (Prettier fits a short array on one line).
    await shell('npx prettier --write src/app.pipeline.ts');

    // What CI asks of every change: lint (Prettier included) and types, then the build.
    await shell(
      'npx eslint src/reports src/app.module.ts src/app.pipeline.ts src/common/navigation.ts test/e2e/reports.spec.ts --max-warnings 0',
    );
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
        DATABASE_PATH: ':memory:',
        LOG_LEVEL: 'info',
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
    // The login hook ran after LoginRecorder: a first login is welcomed.
    expect(reports.text).toContain('Welcome: this is your first login.');
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
    // The logout hook heard of the logout.
    expect((await admin.postForm(`${app.url}/logout`, {})).status).toBe(302);
    await expect.poll(() => app?.output()).toContain('"event":"reports_session_ended","reason":"logout"');

    // Step 5: the README's test passes in the project's own test setup.
    const { stdout } = await shell('npx vitest run test/e2e/reports.spec.ts --reporter=default');
    expect(stdout).toMatch(/2 passed/);
  });
});
