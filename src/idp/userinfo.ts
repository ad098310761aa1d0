import { z } from 'zod';
import { IdpCallError } from './idp-errors.js';
import type { IdpHttpClient } from './idp-http.client.js';

const userInfoSchema = z.looseObject({ sub: z.string().min(1) });

export type UserInfo = z.infer<typeof userInfoSchema>;

/**
 * Fetches the profile with the access token in the Authorization header only
 * (RFC 6750 §2.1; RFC 9700 §4.3.2: never in the query string).
 */
export async function fetchUserInfo(http: IdpHttpClient, userInfoUrl: string, accessToken: string): Promise<UserInfo> {
  const { status, body } = await http.request('userinfo endpoint', userInfoUrl, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
  if (status !== 200) throw new IdpCallError('http-status', 'userinfo endpoint', `userinfo endpoint answered ${status}`);
  const parsed = userInfoSchema.safeParse(body);
  if (!parsed.success) throw new IdpCallError('bad-shape', 'userinfo endpoint', 'userinfo response has no string sub');
  return parsed.data;
}
