// Signing keys and the ways an ID token gets signed (or forged) and corrupted.
import { createHmac, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { createSelfSignedCertificate } from '../tls.js';
import type { Claims, IdTokenCorruption } from './types.js';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, string>;
}

export interface AttackerKey {
  privateKey: KeyObject;
  publicJwk: Record<string, string>;
  certPem: string;
}

export interface Signer {
  alg: string;
  header: Claims;
  sign(input: Buffer): Buffer;
}

export async function newSigningKey(): Promise<SigningKey> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const kid = randomBytes(12).toString('base64url');
  return { kid, privateKey, publicJwk: { ...rsaPublicJwk(privateKey), kid, alg: 'RS256', use: 'sig' } };
}

export async function newEcKey(): Promise<KeyObject> {
  const { privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  return privateKey;
}

export function rsaPublicJwk(privateKey: KeyObject): Record<string, string> {
  const { kty, n, e } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (kty === undefined || n === undefined || e === undefined) throw new Error('not an RSA key');
  return { kty, n, e };
}

export function publicKeyPem(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

export function rsaSigner(key: KeyObject, header: Claims): Signer {
  return { alg: 'RS256', header, sign: (input) => sign('sha256', input, key) };
}

export function hmacSigner(secret: Buffer): Signer {
  return { alg: 'HS256', header: {}, sign: (input) => createHmac('sha256', secret).update(input).digest() };
}

export function ecSigner(key: KeyObject): Signer {
  return { alg: 'ES256', header: {}, sign: (input) => sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }) };
}

export function corrupt(token: string, corruption: IdTokenCorruption | undefined): string {
  const [header, payload, signature] = token.split('.');
  switch (corruption) {
    case undefined:
    case 'payload-not-json':
      return token;
    case 'flip-signature':
      return `${header}.${payload}.${flipFirstByte(signature)}`;
    case 'two-segments':
      return `${header}.${payload}`;
    case 'bad-base64url':
      return `${header}.${payload}*%!.${signature}`;
  }
}

function flipFirstByte(segment: string): string {
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.length > 0) bytes[0] ^= 0xff;
  return bytes.toString('base64url');
}

/** A key with a certificate, as an attacker would host it. */
export function newAttackerKey(): AttackerKey {
  const { key, cert } = createSelfSignedCertificate(['attacker.test']);
  const privateKey = createPrivateKey(key);
  return { privateKey, publicJwk: rsaPublicJwk(privateKey), certPem: cert };
}
