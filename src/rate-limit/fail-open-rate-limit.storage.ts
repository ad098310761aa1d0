import { Logger, type LoggerService } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerRecord } from './throttler-record.js';

/**
 * The counters' store may be down (Redis restarting): the rate limit then lets requests through
 * rather than locking everybody out of logging in, and says so once per outage, not per request:
 * one error line when counting stops, one line when it works again.
 */
export class FailOpenRateLimitStorage implements ThrottlerStorage {
  private counting = true;

  constructor(
    private readonly counters: ThrottlerStorage,
    private readonly logger: Pick<LoggerService, 'log' | 'error'> = new Logger('RateLimit'),
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerRecord> {
    let record: ThrottlerRecord;
    try {
      record = await this.counters.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      if (this.counting) {
        this.counting = false;
        this.logger.error({
          event: 'rate_limit_unavailable',
          error: error instanceof Error ? error.message : String(error),
          message: 'the login rate limit cannot count: requests pass unlimited until its store answers again',
        });
      }
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
    if (!this.counting) {
      this.counting = true;
      this.logger.log({ event: 'rate_limit_available', message: 'the login rate limit counts again' });
    }
    return record;
  }
}
