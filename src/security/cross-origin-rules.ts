/**
 * The rules that tell a request sent by a page of this app (or by no web page at all) from one
 * sent by a page of another site, each after the specification it follows. Go 1.25's
 * http.CrossOriginProtection applies the same two, in the same order.
 */

// RFC 9110 §9.2.1: safe methods change nothing on the server, so another site may send them.
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

// W3C Fetch Metadata Request Headers §2.4: `same-origin` is a page of this origin, `none` the user
// (address bar, bookmark). `same-site` (a sibling subdomain, another port) and `cross-site` are other
// sites, and SameSite=Lax lets the session cookie travel with the former (OWASP CSRF cheat sheet, "Fetch Metadata headers").
const ALLOWED_FETCH_SITES: ReadonlySet<string> = new Set(['same-origin', 'none']);

/** What gave a refused request away: its Sec-Fetch-Site, or (without one) its Origin. */
export type CrossOriginRefusal = { fetchSite: string } | { origin: string };

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** Fetch Metadata, when the browser sends it, decides: any value but `same-origin` or `none` is another site. */
export function fetchSiteAllows(fetchSite: string): boolean {
  return ALLOWED_FETCH_SITES.has(fetchSite.toLowerCase());
}

/**
 * Without Fetch Metadata (older browsers), the Origin header decides (OWASP CSRF cheat sheet,
 * "Verifying origin with standard headers"): absent, the request comes from no web page (a server,
 * a script); present, it must be this app's origin, compared as serialised origins (RFC 6454 §6.2).
 * `null` (a sandboxed frame, a data: URL) is no origin of this app.
 */
export function originAllows(origin: string | undefined, appOrigin: string): boolean {
  if (origin === undefined) return true;
  return URL.canParse(origin) && new URL(origin).origin === appOrigin;
}

/** Why an unsafe request came from another site, or undefined when it came from this app, the user or no browser at all. */
export function crossOriginRefusal(headers: { fetchSite?: string; origin?: string }, appOrigin: string): CrossOriginRefusal | undefined {
  const { fetchSite, origin } = headers;
  if (fetchSite !== undefined) return fetchSiteAllows(fetchSite) ? undefined : { fetchSite };
  return originAllows(origin, appOrigin) ? undefined : { origin: origin ?? '' };
}
