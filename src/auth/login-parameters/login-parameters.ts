import type { Request } from 'express';
import { LoginFailedException } from '../login-failure.js';
import { acrValues } from './acr-values.js';
import { connection } from './connection.js';
import { invitation } from './invitation.js';
import type { LoginParameter } from './login-parameter.js';
import { loginHint } from './login-hint.js';
import { maxAge } from './max-age.js';
import { organization } from './organization.js';
import { prompt } from './prompt.js';
import { screenHint } from './screen-hint.js';
import { uiLocales } from './ui-locales.js';

/** The query parameters GET /login passes on to /authorize, each after its own check; any other is not sent. */
const ALLOWED: ReadonlyMap<string, LoginParameter> = new Map(
  [screenHint, loginHint, connection, uiLocales, prompt, maxAge, organization, invitation, acrValues].map((parameter) => [
    parameter.name,
    parameter,
  ]),
);

export const LOGIN_PARAMETER_NAMES: readonly string[] = [...ALLOWED.keys()];

/**
 * The parameters of the protocol itself, which the app alone sets: who the client is, where the
 * answer goes, what it may get, and what binds the answer to this browser (RFC 9700 §4.1, §4.5;
 * RFC 7636; RFC 9101 for request objects). A query naming one, in any case, is refused rather than
 * dropped, so a link that tries is seen in the log.
 */
const RESERVED = new Set([
  'client_id',
  'client_secret',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'audience',
  'resource',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'code_verifier',
  'request',
  'request_uri',
  'claims',
  'id_token_hint',
]);

/** `name=value` pairs for /authorize, each allowed, single and checked. */
export type LoginParameters = Readonly<Record<string, string>>;

function refused(detail: string): LoginFailedException {
  return new LoginFailedException('invalid-login-parameters', detail);
}

/**
 * The allow-listed parameters of a GET /login query. A reserved parameter, a repeated one (RFC 6749
 * §3.1: parameters MUST NOT be included more than once) or a value its check refuses is a 400;
 * anything else the query carries (returnTo, a campaign tag) stays with the app.
 */
export function loginParametersFrom(query: Request['query']): LoginParameters {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (RESERVED.has(name.toLowerCase())) throw refused(`parameter "${name}" is set by the app, never by the query`);
    const parameter = ALLOWED.get(name);
    if (parameter === undefined) continue;
    if (typeof value !== 'string') throw refused(`parameter "${name}" is repeated or not a string`);
    const problem = parameter.problem(value);
    if (problem !== undefined) throw refused(`parameter "${name}" ${problem}`);
    forwarded[name] = value;
  }
  return forwarded;
}
