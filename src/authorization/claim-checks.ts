/** The logged-in user's ID token claims, as the session keeps them. */
export type Claims = Readonly<Record<string, unknown>>;

/** Decides from the user's claims whether they may open a route. */
export type ClaimCheck = (claims: Claims) => boolean;

type ClaimValue = string | number | boolean | null;

/** The claim is exactly `value`: `claimEquals('email_verified', true)`. */
export function claimEquals(name: string, value: ClaimValue): ClaimCheck {
  return (claims) => Object.hasOwn(claims, name) && claims[name] === value;
}

/**
 * The claim holds every one of `values`: an array of them, or a space-separated string as OAuth
 * writes scopes (`claimIncludes('https://your.app/groups', 'beta')`).
 */
export function claimIncludes(name: string, ...values: [ClaimValue, ...ClaimValue[]]): ClaimCheck {
  return (claims) => {
    if (!Object.hasOwn(claims, name)) return false;
    const claim = claims[name];
    const held: readonly unknown[] = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
    return values.every((value) => held.includes(value));
  };
}
