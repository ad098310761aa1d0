import { initialsOf } from './initials.js';

/** What a page shows of the logged-in user (the session's user satisfies it). */
export interface PageUser {
  name: string;
  email?: string;
  picture?: string;
}

export interface ViewUser {
  name: string;
  email?: string;
  avatarUrl?: string;
  initials: string;
}

/** What every page's view gets from its controller; the header's links come from res.locals.navigation. */
export interface PageLocals {
  title: string;
  user?: ViewUser;
}

const IMAGE_DATA_URL = /^data:image\/(?:png|gif|jpeg|webp|svg\+xml);base64,[a-z0-9+/=]+$/i;

/**
 * Claims are attacker-controlled (a hostile IdP, or a user editing their profile), so the picture
 * is only used when it is an https URL or an inline image (ASVS 5.0 1.2.2: allow-listed schemes).
 */
function safeImageUrl(candidate: string | undefined): string | undefined {
  if (candidate === undefined) return undefined;
  if (IMAGE_DATA_URL.test(candidate)) return candidate;
  try {
    return new URL(candidate).protocol === 'https:' ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/** `null` too: passport leaves `req.user = null` after a failed login. */
function toViewUser(user: PageUser | null | undefined): ViewUser | undefined {
  if (!user) return undefined;
  return { name: user.name, email: user.email, avatarUrl: safeImageUrl(user.picture), initials: initialsOf(user.name) };
}

export function pageLocals(title: string, user: PageUser | null | undefined): PageLocals {
  return { title, user: toViewUser(user) };
}
