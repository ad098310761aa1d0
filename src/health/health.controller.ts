import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/decorators/public.decorator.js';
import { STORAGE, type Storage } from '../storage/storage.js';

const PING_TIMEOUT_MS = 2000;

/** Answers without a session: the pipeline skips the session for it (app.pipeline.ts). */
export const HEALTH_PATH = 'healthz';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  sessionStore: { kind: string; status: 'ok' | 'unavailable' };
}

/** For load balancers and orchestrators: 200 when the app can serve logins, 503 when its session store cannot. */
@Public()
@Controller(HEALTH_PATH)
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(@Inject(STORAGE) private readonly store: Storage) {}

  @Get()
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    try {
      await withTimeout(this.store.ping(), PING_TIMEOUT_MS);
      return { status: 'ok', sessionStore: { kind: this.store.kind, status: 'ok' } };
    } catch (error) {
      this.logger.warn({ event: 'health_check_failed', store: this.store.kind, error: error instanceof Error ? error.message : String(error) });
      response.status(503);
      return { status: 'unavailable', sessionStore: { kind: this.store.kind, status: 'unavailable' } };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
