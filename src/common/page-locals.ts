import type { SessionUser } from '../auth/session-user.js';

export interface ViewUser {
  name: string;
  email?: string;
  avatarUrl?: string;
  initials: string;
}

export interface PageLocals {
  title: string;
  user?: ViewUser;
  nav: { home?: true; dashboard?: true };
}

const IMAGE_DATA_URL = /^data:image\/(?:png|gif|jpeg|webp|svg\+xml);base64,[a-z0-9+/=]+$/i;

/**
 * Claims are attacker-controlled (a hostile IdP, or a user editing their profile), so the picture
 * is only used when it is an https URL or an inline image (ASVS 5.0 1.2.2: allow-listed schemes).
 */
export function safeImageUrl(candidate: string | undefined): string | undefined {
  if (candidate === undefined) return undefined;
  if (IMAGE_DATA_URL.test(candidate)) return candidate;
  try {
    return new URL(candidate).protocol === 'https:' ? candidate : undefined;
  } catch {
    return undefined;
  }
}

function initialsOf(name: string): string {
  const letters = name
    .split(/[\s@._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '');
  return letters.join('') || '?';
}

export function toViewUser(user: SessionUser | undefined): ViewUser | undefined {
  if (user === undefined) return undefined;
  return { name: user.name, email: user.email, avatarUrl: safeImageUrl(user.picture), initials: initialsOf(user.name) };
}

export function pageLocals(title: string, user: SessionUser | undefined, nav: PageLocals['nav'] = {}): PageLocals {
  return { title, user: toViewUser(user), nav };
}
