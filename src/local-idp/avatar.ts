import { createHash } from 'node:crypto';
import { initialsOf } from '../common/initials.js';
import { escapeHtml } from './page-layout.js';

// Dark enough for white initials to pass WCAG AA contrast.
const BACKGROUNDS = ['#1d4ed8', '#047857', '#b91c1c', '#7c3aed', '#c2410c', '#0f766e', '#be185d', '#4338ca'];

/**
 * An offline `picture`: initials on a coloured circle as an SVG data URI, so the
 * app can show an avatar without reaching Gravatar like Auth0 does.
 */
export function avatarDataUri(name: string, seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  const background = BACKGROUNDS[digest[0] % BACKGROUNDS.length];
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">' +
    `<circle cx="64" cy="64" r="64" fill="${background}"/>` +
    '<text x="64" y="64" dy="0.35em" text-anchor="middle" font-family="system-ui, sans-serif" font-size="52" fill="#ffffff">' +
    `${escapeHtml(initialsOf(name))}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
