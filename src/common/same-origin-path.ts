const SAFE_PATH = /^\/(?![/\\])[^\s\\]*$/;

/**
 * A same-origin absolute path, or undefined: for post-login redirects and "try again" links
 * (RFC 9700 §4.11.1 open redirectors; ASVS 5.0 3.7.2). Rejects `//host`, `/\host`, schemes,
 * encoded slashes that a browser would fold into `//`, control characters and whitespace.
 */
export function toSameOriginPath(candidate: unknown): string | undefined {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 2048) return undefined;
  // Only the path decides where a browser goes; the query and fragment stay percent-encoded.
  const path = candidate.split(/[?#]/, 1)[0] ?? '';
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  // A path that only looks local once decoded (e.g. /%2F%2Fevil.test) is refused in both forms.
  if (!SAFE_PATH.test(candidate) || !SAFE_PATH.test(decodedPath)) return undefined;
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(decodedPath)) return undefined;
  // The URL parser is the final word on what origin a browser would go to.
  const resolved = new URL(candidate, 'http://same-origin.invalid');
  if (resolved.origin !== 'http://same-origin.invalid') return undefined;
  return resolved.pathname + resolved.search + resolved.hash;
}
