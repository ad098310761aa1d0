// Wire-level misbehaviour: an endpoint's answer replaced, cut, stalled, dripped or swollen.
import type { ServerResponse } from 'node:http';
import { TLSSocket } from 'node:tls';
import { send } from './http.js';
import type { Fault, Reply } from './types.js';

function replyWith(status: number, body: string, headers: Record<string, string> = {}): Fault {
  return { kind: 'reply', reply: { status, body, headers } };
}

export const fault = {
  /** Any status, body and headers, e.g. a truncated JSON body or an unexpected content-type. */
  reply: replyWith,
  json: (status: number, value: unknown, headers: Record<string, string> = {}): Fault =>
    replyWith(status, JSON.stringify(value), { 'content-type': 'application/json', ...headers }),
  html: (status: number, markup: string): Fault => replyWith(status, markup, { 'content-type': 'text/html; charset=utf-8' }),
  redirect: (status: 301 | 302 | 303 | 307 | 308, location: string): Fault => replyWith(status, '', { location }),
  /** Sends a TCP RST (the client sees ECONNRESET). */
  reset: (): Fault => ({ kind: 'reset' }),
  /** Accepts the request and never answers; `close()` still tears the socket down. */
  hang: (): Fault => ({ kind: 'hang' }),
  /** Headers at once, then the body one byte per `intervalMs` (the normal body unless given). */
  drip: (intervalMs: number, body?: string): Fault => ({ kind: 'drip', intervalMs, body }),
  /** A 200 JSON body of about `bytes` bytes, streamed chunked with no content-length. */
  huge: (bytes: number): Fault => ({ kind: 'huge', bytes }),
  /**
   * The normal answer, held back until the test calls `release()`: the endpoint has done its work
   * (a refresh token is already rotated), only the reply waits. Slow without a clock.
   */
  held(): { fault: Fault; release(): void } {
    let release = (): void => undefined;
    const until = new Promise<void>((resolve) => (release = resolve));
    return { fault: { kind: 'held', until }, release: () => release() };
  },
};

export function deliver(res: ServerResponse, reply: Reply, planned: Fault | undefined): void {
  if (!planned) return send(res, reply);
  switch (planned.kind) {
    case 'reply':
      return send(res, planned.reply);
    case 'reset':
      return resetConnection(res);
    case 'hang':
      return;
    case 'drip':
      return drip(res, { ...reply, body: planned.body ?? reply.body }, planned.intervalMs);
    case 'huge':
      return streamHugeJson(res, planned.bytes);
    case 'held':
      void planned.until.then(() => {
        if (!res.destroyed) send(res, reply);
      });
      return;
  }
}

function resetConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (socket instanceof TLSSocket) socket.destroy();
  else socket?.resetAndDestroy();
}

function drip(res: ServerResponse, reply: Reply, intervalMs: number): void {
  const bytes = Buffer.from(reply.body);
  res.writeHead(reply.status, { 'content-length': bytes.length, ...reply.headers });
  res.flushHeaders();
  let sent = 0;
  const timer = setInterval(() => {
    if (sent < bytes.length) res.write(bytes.subarray(sent, ++sent));
    if (sent === bytes.length) {
      clearInterval(timer);
      res.end();
    }
  }, intervalMs);
  res.on('close', () => clearInterval(timer));
}

function streamHugeJson(res: ServerResponse, bytes: number): void {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let remaining = bytes;
  const pump = (): void => {
    while (remaining > 0 && !res.destroyed) {
      const piece = chunk.subarray(0, Math.min(chunk.length, remaining));
      remaining -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end('"}');
  };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"padding":"');
  pump();
}
