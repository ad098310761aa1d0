import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a ThrottlerStorage answers for one request (@nestjs/throttler exports the interface, not its record type). */
export type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
