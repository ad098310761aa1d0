import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { RawEnvironment } from './environment.schema.js';

/**
 * The environment as ConfigModule sees it, for entry points that run without Nest
 * (`npm run idp`): `.env` in the working directory, overridden by the process environment.
 */
export function readProcessEnvironment(): RawEnvironment {
  const envFile = resolve(process.cwd(), '.env');
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}
