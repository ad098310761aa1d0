import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import type { RawEnvironment } from './environment.schema.js';

/**
 * The environment as ConfigModule sees it, for entry points that run without Nest
 * (`npm run idp`): `.env` in the working directory, overridden by the process environment,
 * parsed by the same dotenv that @nestjs/config uses.
 */
export function readProcessEnvironment(): RawEnvironment {
  const envFile = resolve(process.cwd(), '.env');
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {};
  return { ...fromFile, ...process.env };
}
