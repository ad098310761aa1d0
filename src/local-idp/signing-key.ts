import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** A fresh RS256 signing key (private JWK) named by its RFC 7638 thumbprint. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
}
