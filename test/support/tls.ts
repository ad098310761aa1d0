import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCertificate {
  key: string;
  cert: string;
  /** The certificate as a PEM file, for NODE_EXTRA_CA_CERTS (read only when a process starts). */
  certFile: string;
}

/** A throwaway two-day certificate for `hostnames`, made with the openssl CLI. */
export function createSelfSignedCertificate(hostnames: readonly string[] = ['localhost', '127.0.0.1']): SelfSignedCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'self-signed-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
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
      `/CN=${hostnames[0] ?? 'localhost'}`,
      '-addext',
      `subjectAltName=${subjectAltName(hostnames)}`,
      '-days',
      '2',
    ],
    { stdio: 'pipe' },
  );
  const key = readFileSync(keyFile, 'utf8');
  rmSync(keyFile);
  return { key, cert: readFileSync(certFile, 'utf8'), certFile };
}

function subjectAltName(hostnames: readonly string[]): string {
  return hostnames.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
}
