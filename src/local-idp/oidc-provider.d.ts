// oidc-provider ships no TypeScript types (and @types/oidc-provider lags the 9.x line).
// These declarations cover only what the local sign-in server uses.

declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { JWK } from 'jose';

  export interface ClientMetadata {
    client_id: string;
    client_secret: string;
    redirect_uris: string[];
    post_logout_redirect_uris: string[];
    grant_types: string[];
    response_types: string[];
    token_endpoint_auth_method: 'client_secret_post';
    id_token_signed_response_alg: 'RS256';
  }

  export interface Client {
    readonly clientId: string;
    readonly redirectUris: string[];
  }

  export interface AccountClaims {
    sub: string;
    [claim: string]: unknown;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<AccountClaims>;
  }

  export interface Grant {
    readonly jti: string;
    readonly accountId: string;
    readonly clientId: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface GrantModel {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export interface Session {
    readonly accountId?: string;
    grantIdFor(clientId: string): string | undefined;
    destroy(): Promise<void>;
  }

  export interface CookieOptions {
    httpOnly?: boolean;
    sameSite?: 'lax' | 'strict' | 'none';
    secure?: boolean;
    path?: string;
    signed?: boolean;
  }

  /** The Koa context oidc-provider hands to its helpers, reduced to what is used here. */
  export interface KoaContext {
    readonly host: string;
    readonly cookies: {
      get(name: string, options?: CookieOptions): string | undefined;
      set(name: string, value: string | null, options?: CookieOptions): void;
    };
    body: unknown;
    type: string;
    status: number;
    set(field: string, value: string): void;
  }

  export interface InteractionResults {
    login?: { accountId: string };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export interface ResourceServer {
    readonly scope: string;
  }

  export interface OIDCContext {
    readonly provider: Provider;
    readonly client?: Client;
    readonly account?: Account;
    readonly session: Session;
    readonly params: Record<string, unknown>;
    readonly result?: InteractionResults;
    readonly requestParamOIDCScopes: Set<string>;
    readonly requestParamClaims: Set<string>;
    readonly resourceServers: Record<string, ResourceServer>;
  }

  export interface KoaContextWithOIDC extends KoaContext {
    readonly oidc: OIDCContext;
  }

  export interface Interaction {
    readonly uid: string;
    readonly prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    readonly params: Record<string, unknown>;
    readonly session?: { accountId: string };
  }

  export interface ErrorOut {
    error: string;
    error_description?: string;
    [key: string]: unknown;
  }

  export interface Adapter {
    upsert(id: string, payload: object, expiresIn: number): Promise<void>;
    find(id: string): Promise<object | undefined>;
    destroy(id: string): Promise<void>;
  }

  export type AdapterFactory = (model: string) => Adapter;

  export interface Configuration {
    adapter: AdapterFactory;
    clients: ClientMetadata[];
    jwks: { keys: JWK[] };
    cookies: { keys: string[]; long: CookieOptions; short: CookieOptions };
    routes: Record<string, string>;
    scopes: string[];
    claims: Record<string, string[]>;
    conformIdTokenClaims: boolean;
    acceptQueryParamAccessTokens: boolean;
    findAccount(ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined>;
    loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined>;
    clientBasedCORS(ctx: KoaContextWithOIDC, origin: string, client: Client): boolean;
    renderError(ctx: KoaContextWithOIDC, out: ErrorOut, error: Error): Promise<void>;
    interactions: { url(ctx: KoaContextWithOIDC, interaction: Interaction): string };
    features: {
      devInteractions: { enabled: false };
      rpInitiatedLogout: {
        enabled: true;
        logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void>;
        postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void>;
      };
    };
    ttl: Record<'AccessToken' | 'AuthorizationCode' | 'IdToken' | 'RefreshToken' | 'Interaction' | 'Session' | 'Grant', number>;
  }

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    readonly Grant: GrantModel;
    readonly Session: { get(ctx: KoaContext): Promise<Session> };
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    createContext(req: IncomingMessage, res: ServerResponse): KoaContext;
    cookieName(type: 'session' | 'interaction' | 'resume'): string;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }

  export const errors: {
    SessionNotFound: new (description?: string) => Error;
  };

  export default Provider;
}

declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  import type { AdapterFactory } from 'oidc-provider';

  export function createMemoryAdapter(clockTolerance?: number): AdapterFactory;
}
