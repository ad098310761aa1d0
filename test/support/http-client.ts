import { CookieJar } from 'tough-cookie';

export interface HttpResult {
  status: number;
  headers: Headers;
  location: string | undefined;
  text: string;
  url: string;
}

/**
 * A minimal browser: a cookie jar (tough-cookie, so Secure/Path/expiry rules apply) and
 * redirects handled one hop at a time so tests can look at each.
 */
export class HttpClient {
  readonly jar = new CookieJar();

  async request(url: string, init: RequestInit = {}): Promise<HttpResult> {
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', 'text/html,application/xhtml+xml');
    const cookie = await this.jar.getCookieString(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
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
