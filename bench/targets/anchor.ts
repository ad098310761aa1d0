import { promisify } from 'node:util';
import express, { type Request, type Response } from 'express';
import expressOpenidConnect from 'express-openid-connect';
import hbs from 'hbs';
import type { ProfileClaims } from './bench-user.js';
import { dashboardLocals } from './dashboard-locals.js';
import { PARTIALS_DIR, VIEWS_DIR } from './paths.js';

/**
 * The anchor: Auth0's own Express SDK (session in an encrypted cookie, rolling) rendering the
 * same dashboard template. Only `/login`, `/callback` and `/dashboard` exist.
 */
// A CommonJS module whose exports Node cannot list statically: take them from the default export.
const { auth, requiresAuth } = expressOpenidConnect;

const settings = JSON.parse(process.env.BENCH_ANCHOR_SETTINGS ?? '') as {
  port: number;
  issuerBaseURL: string;
  clientId: string;
  clientSecret: string;
  secret: string;
};
const baseURL = `http://127.0.0.1:${settings.port}`;

const app = express();
app.set('views', VIEWS_DIR);
app.set('view engine', 'hbs');
await promisify(hbs.registerPartials.bind(hbs))(PARTIALS_DIR);

app.use(
  auth({
    issuerBaseURL: settings.issuerBaseURL,
    baseURL,
    clientID: settings.clientId,
    clientSecret: settings.clientSecret,
    clientAuthMethod: 'client_secret_post',
    secret: settings.secret,
    authRequired: false,
    idpLogout: false,
    routes: { login: false },
    authorizationParams: { response_type: 'code', scope: 'openid profile email' },
  }),
);

// Only a same-origin path is honoured as returnTo: anything else goes to the dashboard.
function safeReturnTo(candidate: unknown): string {
  return typeof candidate === 'string' && /^\/(?![/\\])/.test(candidate) ? candidate : '/dashboard';
}

app.get('/login', (request: Request, response: Response) => response.oidc.login({ returnTo: safeReturnTo(request.query.returnTo) }));

app.get('/dashboard', requiresAuth(), (request: Request, response: Response) => {
  response.set('cache-control', 'no-store');
  response.render('dashboard', dashboardLocals(request.oidc.user as ProfileClaims));
});

app.listen(settings.port, '127.0.0.1');
