export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  intervalMs?: number;
  /** The error message on timeout, built when it happens (e.g. to include a child's output so far). */
  timeoutMessage?: () => string;
}

/** Polls `check` until it holds, failing after `timeoutMs`; an error thrown by `check` stops the wait at once. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, options: WaitOptions = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(options.timeoutMessage?.() ?? `condition not met within ${timeoutMs} ms`);
    await sleep(options.intervalMs ?? 50);
  }
}
