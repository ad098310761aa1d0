// The IdP HTTP client's limits, measured from the server side: how much of a huge body is actually
// pulled off the wire before the client gives up (C5), and when a slow body is abandoned (C4).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { IdpCallError } from '../../../src/idp/idp-errors.js';
import { IdpHttpClient } from '../../../src/idp/idp-http.client.js';

const CAP = 256 * 1024;
const HUGE = 50 * 1024 * 1024;

interface Streamed {
  url: string;
  /** Bytes the server managed to write before the client hung up. */
  written(): number;
  closed: Promise<void>;
}

let server: Server | undefined;

/** A server streaming `bytes` of JSON, chunked (no content-length), honouring backpressure. */
async function streamingServer(bytes: number): Promise<Streamed> {
  let written = 0;
  let onClose: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (onClose = resolve));
  server = createServer((_request, response) => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    response.on('close', onClose);
    response.writeHead(200, { 'content-type': 'application/json' });
    const pump = (): void => {
      while (written < bytes && !response.destroyed) {
        written += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      if (!response.destroyed) response.end();
    };
    response.write('{"padding":"');
    pump();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, written: () => written, closed };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('IdpHttpClient', () => {
  it('C5 stops reading a streamed 50 MB body at the size cap and hangs up: most of it is never sent', async () => {
    const streamed = await streamingServer(HUGE);
    const client = new IdpHttpClient({ timeoutMs: 5000, maxResponseBytes: CAP });
    const error = await client.request('token endpoint', streamed.url, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IdpCallError);
    expect((error as IdpCallError).failure).toBe('too-large');
    await streamed.closed;
    expect(streamed.written()).toBeLessThan(HUGE / 5);
  });

  it('J3 a response whose body is ignored (RFC 7009 §2.2): a 200 with an empty or non-JSON body is the answer; the size cap still holds', async () => {
    const client = new IdpHttpClient({ timeoutMs: 5000, maxResponseBytes: CAP });
    server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(request.url === '/empty' ? '' : 'revoked, thanks');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const path of ['/empty', '/text']) {
      expect(await client.request('revocation endpoint', `${origin}${path}`, { responseBody: 'ignored' })).toEqual({
        status: 200,
        body: undefined,
      });
    }
    await expect(client.request('revocation endpoint', `${origin}/text`)).rejects.toMatchObject({ failure: 'not-json' });

    server.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    const streamed = await streamingServer(HUGE);
    await expect(client.request('revocation endpoint', streamed.url, { responseBody: 'ignored' })).rejects.toMatchObject({
      failure: 'too-large',
    });
  });
});
