import { readFileSync } from 'node:fs';
import { startAutoApproveIdp } from './auto-approve-idp.js';

/** Runs the IdP in its own process, so its CPU is not counted against the server under test. */
const settings = JSON.parse(process.env.BENCH_IDP_SETTINGS ?? '') as {
  port: number;
  keyFile: string;
  certFile: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
};

await startAutoApproveIdp({
  port: settings.port,
  tls: { key: readFileSync(settings.keyFile, 'utf8'), cert: readFileSync(settings.certFile, 'utf8') },
  clientId: settings.clientId,
  clientSecret: settings.clientSecret,
  redirectUris: settings.redirectUris,
});
