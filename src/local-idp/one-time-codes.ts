import { randomInt } from 'node:crypto';

// As long as a sign-in interaction may wait on its page; few enough tries that guessing six digits fails.
const CODE_TTL_MS = 10 * 60_000;
const MAX_ATTEMPTS = 5;

interface PendingCode {
  accountId: string;
  code: string;
  attemptsLeft: number;
  expiresAt: number;
}

export type CodeCheck = { passed: true; accountId: string } | { passed: false; exhausted: boolean };

/** The second step of the sign-ins that asked for multi-factor: one six-digit code per interaction, a few tries. */
export class OneTimeCodes {
  private readonly pending = new Map<string, PendingCode>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new code for the account that passed the first step of the sign-in `uid`. */
  start(uid: string, accountId: string): string {
    this.forgetExpired();
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    this.pending.set(uid, { accountId, code, attemptsLeft: MAX_ATTEMPTS, expiresAt: this.now() + CODE_TTL_MS });
    return code;
  }

  /** The code the sign-in `uid` waits for, to show on its page. */
  codeFor(uid: string): string | undefined {
    this.forgetExpired();
    return this.pending.get(uid)?.code;
  }

  /** Passes once; after MAX_ATTEMPTS wrong codes the sign-in must start again. */
  check(uid: string, code: string): CodeCheck {
    this.forgetExpired();
    const pending = this.pending.get(uid);
    if (pending === undefined) return { passed: false, exhausted: true };
    if (pending.code === code.trim()) {
      this.pending.delete(uid);
      return { passed: true, accountId: pending.accountId };
    }
    pending.attemptsLeft -= 1;
    if (pending.attemptsLeft > 0) return { passed: false, exhausted: false };
    this.pending.delete(uid);
    return { passed: false, exhausted: true };
  }

  forget(uid: string): void {
    this.pending.delete(uid);
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [uid, pending] of this.pending) if (pending.expiresAt <= now) this.pending.delete(uid);
  }
}
