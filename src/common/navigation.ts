/** Who sees a link: everyone, logged-in users, or logged-in users holding at least one of the roles. */
export type NavAudience = 'everyone' | 'users' | { roles: readonly [string, ...string[]] };

export interface NavLink {
  label: string;
  path: string;
  audience: NavAudience;
}

/**
 * The header's main navigation, in order. A feature module with a page adds its link here; give
 * it the audience of the route's guard (`{ roles: ['admin'] }` for an @Roles('admin') page), so
 * nobody is shown a link they would be refused.
 */
export const NAVIGATION: readonly NavLink[] = [
  { label: 'Home', path: '/', audience: 'everyone' },
  { label: 'Dashboard', path: '/dashboard', audience: 'users' },
  { label: 'Admin', path: '/admin', audience: { roles: ['admin'] } },
];

/** What the header renders for one link. */
export interface NavItem {
  label: string;
  path: string;
  current: boolean;
}

/** The logged-in viewer's roles; undefined for an anonymous one. */
export interface NavViewer {
  roles: readonly string[];
}

function isVisible(audience: NavAudience, viewer: NavViewer | undefined): boolean {
  if (audience === 'everyone') return true;
  if (viewer === undefined) return false;
  return audience === 'users' || audience.roles.some((role) => viewer.roles.includes(role));
}

function isCurrent(linkPath: string, currentPath: string): boolean {
  return currentPath === linkPath || (linkPath !== '/' && currentPath.startsWith(`${linkPath}/`));
}

/** The links `viewer` may see, the one for the page at `currentPath` marked current. */
export function visibleNavigation(links: readonly NavLink[], viewer: NavViewer | undefined, currentPath: string): NavItem[] {
  return links
    .filter((link) => isVisible(link.audience, viewer))
    .map((link) => ({ label: link.label, path: link.path, current: isCurrent(link.path, currentPath) }));
}
