import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import type { RawEnvironment } from './environment.schema.js';

/**
 * The environment the app is configured from, read once at boot (AppConfigModule, and `npm run idp`
 * which runs without Nest): `.env` in the working directory, parsed by dotenv, overridden by the
 * process environment.
 */
export function readProcessEnvironment(): RawEnvironment {
  const envFile = resolve(process.cwd(), '.env');
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {};
  return { ...fromFile, ...process.env };
}
