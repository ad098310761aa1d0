// The admin page in-process (startModuleTest): the real app-wide guards and the error pages, as a
// given user, without a login round trip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminModule } from '../../../src/admin/admin.module.js';
import { type ModuleTest, startModuleTest, testUser } from '../../support/module-test.js';

describe('AdminModule in-process', () => {
  let admin: ModuleTest;

  beforeAll(async () => {
    admin = await startModuleTest([AdminModule]);
  });
  afterAll(() => admin?.close());

  it('sends an anonymous browser to log in and back; an API client gets a 401', async () => {
    await admin.as().get('/admin').set('accept', 'text/html').expect(302).expect('location', '/login?returnTo=%2Fadmin');
    const api = await admin.as().get('/admin').set('accept', 'application/json').expect(401);
    expect(api.body).toMatchObject({ statusCode: 401 });
  });

  it('refuses a user without the admin role with the 403 page naming the account', async () => {
    const refused = await admin.as(testUser()).get('/admin').set('accept', 'text/html').expect(403);
    expect(refused.text).toContain('You are logged in as <strong>Test User</strong> (user@example.com).');
  });

  it('shows an admin the page with the session store', async () => {
    const page = await admin
      .as(testUser({ roles: ['admin'] }))
      .get('/admin')
      .set('accept', 'text/html')
      .expect(200);
    expect(page.text).toContain('<h1 class="page-title">Admin</h1>');
    expect(page.text).toContain('memory');
  });
});
