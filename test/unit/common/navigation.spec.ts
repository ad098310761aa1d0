import { describe, expect, it } from 'vitest';
import { type NavLink, visibleNavigation } from '../../../src/common/navigation.js';

const LINKS: NavLink[] = [
  { label: 'Home', path: '/', audience: 'everyone' },
  { label: 'Reports', path: '/reports', audience: 'users' },
  { label: 'Admin', path: '/admin', audience: { roles: ['admin', 'owner'] } },
];

const labels = (items: ReturnType<typeof visibleNavigation>): string[] => items.map((item) => item.label);

describe('visibleNavigation', () => {
  it('shows anonymous visitors only the links for everyone', () => {
    expect(labels(visibleNavigation(LINKS, undefined, '/'))).toEqual(['Home']);
  });

  it('shows logged-in users the links for users, and role links only with one of the roles', () => {
    expect(labels(visibleNavigation(LINKS, { roles: [] }, '/'))).toEqual(['Home', 'Reports']);
    expect(labels(visibleNavigation(LINKS, { roles: ['owner'] }, '/'))).toEqual(['Home', 'Reports', 'Admin']);
  });

  it('marks the link of the current page and of the pages under it; Home only on /', () => {
    const current = (path: string): string[] =>
      visibleNavigation(LINKS, { roles: ['admin'] }, path)
        .filter((item) => item.current)
        .map((item) => item.label);
    expect(current('/')).toEqual(['Home']);
    expect(current('/reports')).toEqual(['Reports']);
    expect(current('/reports/42')).toEqual(['Reports']);
    expect(current('/reportsx')).toEqual([]);
    expect(current('/elsewhere')).toEqual([]);
  });
});
