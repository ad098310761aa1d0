import type { ProfileClaims } from './bench-user.js';

// The ID token claims the app drops before keeping the profile in its session.
const PROTOCOL_CLAIMS = new Set(['iss', 'aud', 'azp', 'iat', 'exp', 'nonce', 'at_hash', 'c_hash', 'sid', 'auth_time', 'nbf']);

export interface DashboardLocals {
  title: string;
  user: { name: string; email: string; avatarUrl: string; initials: string };
  navigation: { label: string; path: string; current: boolean }[];
  profileJson: string;
}

/**
 * The locals the app's dashboard controller builds, for the bare Nest app and the anchor.
 * The runner checks that all three dashboards render byte-identical bodies, so any drift
 * between this and the app shows up as a failed check rather than an unfair comparison.
 */
export function dashboardLocals(claims: ProfileClaims): DashboardLocals {
  const profile = Object.fromEntries(Object.entries(claims).filter(([name]) => !PROTOCOL_CLAIMS.has(name)));
  const initials = claims.name
    .split(/\s+/)
    .map((word) => word.charAt(0))
    .join('')
    .toUpperCase();
  return {
    title: 'Dashboard',
    user: { name: claims.name, email: claims.email, avatarUrl: claims.picture, initials },
    // The header's links for a logged-in user without roles, as the app's NavigationLocalsMiddleware builds them.
    navigation: [
      { label: 'Home', path: '/', current: false },
      { label: 'Dashboard', path: '/dashboard', current: true },
    ],
    profileJson: JSON.stringify(profile, null, 2),
  };
}
