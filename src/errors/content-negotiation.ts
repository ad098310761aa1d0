import type { Request } from 'express';

/** Browsers get pages; a client that accepts JSON but not HTML gets JSON. */
export function wantsHtml(request: Request): boolean {
  return request.accepts(['html', 'json']) !== 'json';
}
