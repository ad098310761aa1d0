import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CookieJar } from 'tough-cookie';

export interface HttpResult {
  status: number;
  headers: Headers;
  location: string | undefined;
  text: string;
  url: string;
}

/** Request options whose body is text: what the tests send, and what the node:https path can put on the wire. */
export type TextRequestInit = Omit<RequestInit, 'body'> & { body?: string | URLSearchParams | null };

export interface HttpClientOptions {
  /**
   * Extra trusted certificate (PEM) for https URLs, like a user who installed a test CA. Node's
   * fetch trusts only certificates known at process start (NODE_EXTRA_CA_CERTS), so https goes
   * through node:https when this is set.
   */
  ca?: string;
}

/**
 * A minimal browser: a cookie jar (tough-cookie, so Secure/Path/expiry rules apply) and
 * redirects handled one hop at a time so tests can look at each.
 */
export class HttpClient {
  readonly jar = new CookieJar();

  constructor(private readonly options: HttpClientOptions = {}) {}

  async request(url: string, init: TextRequestInit = {}): Promise<HttpResult> {
    const headers = new Headers(init.headers);
    // Unless told otherwise it navigates, as a browser following a link does, Fetch Metadata included
    // (Node's fetch sends `Sec-Fetch-Mode: cors` whatever it is given; `Sec-Fetch-Dest: document` stays).
    // Given an Accept of its own it is an API client.
    if (!headers.has('accept')) {
      headers.set('accept', 'text/html,application/xhtml+xml');
      if (!headers.has('sec-fetch-mode')) headers.set('sec-fetch-mode', 'navigate');
      if (!headers.has('sec-fetch-dest')) headers.set('sec-fetch-dest', 'document');
    }
    const cookie = await this.jar.getCookieString(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await this.send(url, { ...init, headers, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) {
      await this.jar.setCookie(setCookie, url, { ignoreError: true });
    }
    const location = response.headers.get('location') ?? undefined;
    return {
      status: response.status,
      headers: response.headers,
      location: location === undefined ? undefined : new URL(location, url).toString(),
      text: await response.text(),
      url,
    };
  }

  private send(url: string, init: TextRequestInit & { headers: Headers }): Promise<Response> {
    const ca = this.options.ca;
    if (ca === undefined || !url.startsWith('https:')) return fetch(url, init);
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    const headers = Object.fromEntries(init.headers);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const outgoing = httpsRequest(url, { method: init.method ?? 'GET', headers, ca }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const status = incoming.statusCode ?? 502;
          const nullBody = [204, 205, 304].includes(status);
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: headersOf(incoming) }));
        });
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  get(url: string, headers?: Record<string, string>): Promise<HttpResult> {
    return this.request(url, { headers });
  }

  postForm(url: string, form: Record<string, string>): Promise<HttpResult> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
  }

  /** Follows redirects until a non-redirect answer or until `stopAt` matches the next URL. */
  async follow(url: string, options: { stopAt?: (next: URL) => boolean; maxHops?: number } = {}): Promise<HttpResult> {
    let result = await this.get(url);
    for (let hop = 0; hop < (options.maxHops ?? 10); hop += 1) {
      if (result.status < 300 || result.status >= 400 || result.location === undefined) return result;
      if (options.stopAt?.(new URL(result.location))) return result;
      result = await this.get(result.location);
    }
    throw new Error(`too many redirects from ${url}`);
  }

  async cookieValue(url: string, name: string): Promise<string | undefined> {
    const cookies = await this.jar.getCookies(url);
    return cookies.find((cookie) => cookie.key === name)?.value;
  }

  /** Replaces the jar's cookie `name` for `url` (planting, tampering, replaying). */
  async setCookie(url: string, name: string, value: string): Promise<void> {
    await this.jar.setCookie(`${name}=${value}; Path=/`, url);
  }
}

/**
 * A GET with exactly `headers` (and nothing else but Host): Node's fetch rewrites `Sec-Fetch-Mode`
 * to `cors`, so a browser's navigation or a request without Fetch Metadata needs this.
 */
export function rawGet(url: string, headers: Record<string, string>): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const location = incoming.headers.location;
        resolve({
          status: incoming.statusCode ?? 0,
          headers: headersOf(incoming),
          location: location === undefined ? undefined : new URL(location, url).toString(),
          text: Buffer.concat(chunks).toString('utf8'),
          url,
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function headersOf(incoming: IncomingMessage): Headers {
  const received = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    for (const single of Array.isArray(value) ? value : [value ?? '']) received.append(name, single);
  }
  return received;
}
