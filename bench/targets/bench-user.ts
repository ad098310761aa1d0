/**
 * The one account every target shows. The IdP puts these claims in the ID token and at
 * /userinfo in this order, so the JSON each app renders from its session comes out identical.
 */
export const BENCH_USER = {
  sub: 'auth0|bench-user',
  name: 'Bench User',
  nickname: 'bench.user',
  email: 'bench.user@example.com',
  email_verified: true,
  picture: 'https://example.com/bench-user.png',
} as const;

export type ProfileClaims = Record<string, unknown> & { sub: string; name: string; email: string; picture: string };

/** What a dashboard response must contain to count as the logged-in user's page. */
export const DASHBOARD_MARKERS = [`<h2 class="profile__name">${BENCH_USER.name}</h2>`, `<p class="profile__email">${BENCH_USER.email}</p>`];

/** What the anonymous home page must contain (a logged-in or error page would not). */
export const HOME_MARKERS = ['<title>Home ', 'href="/login"'];
