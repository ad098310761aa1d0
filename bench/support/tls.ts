import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface Certificate {
  keyFile: string;
  /** PEM file for NODE_EXTRA_CA_CERTS, which Node reads only when a process starts. */
  certFile: string;
}

/** A throwaway one-day certificate for 127.0.0.1, made with the openssl CLI, kept in `dir`. */
export function createLoopbackCertificate(dir: string): Certificate {
  const keyFile = join(dir, 'idp-key.pem');
  const certFile = join(dir, 'idp-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-days',
      '1',
    ],
    { stdio: 'pipe' },
  );
  return { keyFile, certFile };
}
