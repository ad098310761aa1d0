// @types/oidc-provider types the package's entry point only; this declares the one deep import the
// local sign-in server uses, the factory of oidc-provider's own in-memory adapter.
declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  import type { AdapterFactory } from 'oidc-provider';

  export function createMemoryAdapter(clockTolerance?: number): AdapterFactory;
}
