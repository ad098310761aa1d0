import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { IdpCallError } from './idp-errors.js';

export interface IdpHttpLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface IdpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  /** `ignored`: the status is the whole answer (RFC 7009 §2.2); the body is read within the cap, never parsed. */
  responseBody?: 'json' | 'ignored';
}

export interface IdpJsonResponse {
  status: number;
  body: unknown;
}

// Sockets to the IdP are kept between logins: no TCP and TLS handshake per token request.
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 64 };

/**
 * Every request to the IdP (token, userinfo, JWKS, revocation) goes through here, because the OAuth
 * library underneath has no timeout, no size limit and treats a 3xx as success.
 * - bounded time for the whole exchange, body included (ASVS 5.0 16.5.2; slow-loris safe),
 * - bounded body size, the connection dropped as soon as it is exceeded (ASVS 5.0 16.5.2),
 * - redirects are failures, never followed (RFC 6749 §5.1: success is 200),
 * - the body must be JSON.
 * It sits on node:http(s) rather than fetch: a login costs noticeably less CPU that way.
 */
export class IdpHttpClient {
  private readonly httpAgent = new HttpAgent(AGENT_OPTIONS);
  private readonly httpsAgent = new HttpsAgent(AGENT_OPTIONS);

  constructor(private readonly limits: IdpHttpLimits) {}

  request(endpoint: string, url: string, init: IdpRequest = {}): Promise<IdpJsonResponse> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const body = init.body === undefined ? undefined : String(init.body);
      const headers = body === undefined ? init.headers : { ...init.headers, 'content-length': String(Buffer.byteLength(body)) };
      let settled = false;
      const settle = (error: IdpCallError | undefined, response?: IdpJsonResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error !== undefined) {
          outgoing.destroy();
          reject(error);
        } else if (response !== undefined) {
          resolve(response);
        }
      };
      const outgoing = (secure ? httpsRequest : httpRequest)(
        target,
        { method: init.method ?? 'GET', headers, agent: secure ? this.httpsAgent : this.httpAgent },
        (response) => this.readResponse(endpoint, response, init.responseBody ?? 'json', settle),
      );
      const timer = setTimeout(
        () => settle(new IdpCallError('timeout', endpoint, `${endpoint} did not answer within ${this.limits.timeoutMs} ms`)),
        this.limits.timeoutMs,
      );
      outgoing.on('error', (error) => settle(unreachable(endpoint, error)));
      outgoing.end(body);
    });
  }

  private readResponse(
    endpoint: string,
    response: IncomingMessage,
    responseBody: NonNullable<IdpRequest['responseBody']>,
    settle: (error?: IdpCallError, response?: IdpJsonResponse) => void,
  ): void {
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      return settle(new IdpCallError('redirected', endpoint, `${endpoint} answered with a redirect (${status})`));
    }
    if (Number(response.headers['content-length'] ?? '0') > this.limits.maxResponseBytes) {
      return settle(tooLarge(endpoint, this.limits.maxResponseBytes));
    }
    const chunks: Buffer[] = [];
    let received = 0;
    response.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > this.limits.maxResponseBytes) settle(tooLarge(endpoint, this.limits.maxResponseBytes));
      else chunks.push(chunk);
    });
    response.on('error', (error) => settle(unreachable(endpoint, error)));
    response.on('end', () => {
      if (responseBody === 'ignored') return settle(undefined, { status, body: undefined });
      try {
        settle(undefined, { status, body: parseJson(endpoint, status, Buffer.concat(chunks).toString('utf8')) });
      } catch (error) {
        settle(error as IdpCallError);
      }
    });
    // A connection closed before the end of the body never emits 'end'.
    response.on('close', () => {
      if (!response.complete) settle(unreachable(endpoint, new Error('the connection closed before the response was complete')));
    });
  }
}

function unreachable(endpoint: string, error: Error): IdpCallError {
  return new IdpCallError('unreachable', endpoint, `${endpoint} could not be reached: ${error.message}`);
}

function tooLarge(endpoint: string, limit: number): IdpCallError {
  return new IdpCallError('too-large', endpoint, `${endpoint} response exceeds ${limit} bytes`);
}

/** An error status often comes with an HTML page: its body is then undefined, and the caller reports the status. */
function parseJson(endpoint: string, status: number, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (status >= 400) return undefined;
    throw new IdpCallError('not-json', endpoint, `${endpoint} answered ${status} with a body that is not JSON`);
  }
}
