import { IdpCallError } from './idp-errors.js';

export interface IdpHttpLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface IdpJsonResponse {
  status: number;
  body: unknown;
}

/**
 * Every request to the IdP (token, userinfo, JWKS) goes through here, because the OAuth
 * library underneath has no timeout, no size limit and treats a 3xx as success.
 * - bounded time for the whole exchange, body included (ASVS 5.0 16.5.2; slow-loris safe),
 * - bounded body size (ASVS 5.0 16.5.2),
 * - redirects are failures, never followed (RFC 6749 §5.1: success is 200),
 * - the body must be JSON.
 */
export class IdpHttpClient {
  constructor(private readonly limits: IdpHttpLimits) {}

  async request(endpoint: string, url: string, init: RequestInit): Promise<IdpJsonResponse> {
    const signal = AbortSignal.timeout(this.limits.timeoutMs);
    try {
      const response = await fetch(url, { ...init, redirect: 'manual', signal });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        throw new IdpCallError('redirected', endpoint, `${endpoint} answered with a redirect (${response.status})`);
      }
      const text = await this.readCapped(endpoint, response);
      return { status: response.status, body: parseJson(endpoint, response.status, text) };
    } catch (error) {
      throw this.toIdpError(endpoint, error, signal);
    }
  }

  /** Response body as text, refusing more than maxResponseBytes. */
  private async readCapped(endpoint: string, response: Response): Promise<string> {
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > this.limits.maxResponseBytes || !response.body) {
      await response.body?.cancel();
      if (!response.body) return '';
      throw tooLarge(endpoint, this.limits.maxResponseBytes);
    }
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > this.limits.maxResponseBytes) {
        await reader.cancel();
        throw tooLarge(endpoint, this.limits.maxResponseBytes);
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private toIdpError(endpoint: string, error: unknown, signal: AbortSignal): IdpCallError {
    if (error instanceof IdpCallError) return error;
    if (signal.aborted) {
      return new IdpCallError('timeout', endpoint, `${endpoint} did not answer within ${this.limits.timeoutMs} ms`);
    }
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return new IdpCallError('unreachable', endpoint, `${endpoint} could not be reached: ${reason}`);
  }
}

function tooLarge(endpoint: string, limit: number): IdpCallError {
  return new IdpCallError('too-large', endpoint, `${endpoint} response exceeds ${limit} bytes`);
}

function parseJson(endpoint: string, status: number, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new IdpCallError(status >= 400 ? 'http-status' : 'not-json', endpoint, `${endpoint} answered ${status} with a body that is not JSON`);
  }
}
