// A hostile identity provider for the attack suite (attack cases B–E).
// It speaks Auth0's endpoints correctly by default, misbehaves when a test asks it to
// (`behave`), and records every request so tests can assert what the relying party did.
export { DEFAULT_ACCOUNT, XSS_CLAIMS } from './accounts.js';
export { fault } from './faults.js';
export { autoApprove, startHostileIdp } from './server.js';
export { type ClientCredentials, clientCredentialsIn } from './token-endpoint.js';
export type * from './types.js';
