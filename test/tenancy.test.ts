import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent, apiToken, createTestApp, seedWorld, type TestApp, type World } from './helpers.ts';

// Nothing of one trust is visible to another: every trust page and API resource of alpha
// answers 404 to beta's people and tokens, exactly as a page that does not exist.

const TRUST_PAGES = [
  '',
  '/settings',
  '/settings/details',
  '/settings/sectors',
  '/settings/sectors.csv',
  '/settings/headcount',
  '/settings/localities',
  '/settings/localities.csv',
  '/settings/organisations',
  '/settings/organisations.csv',
  '/settings/translations',
  '/settings/translations/upload',
  '/settings/translations/template?version=2026.1',
  '/users',
  '/users.csv',
  '/users/invite',
  '/audit',
  '/audit.csv',
  '/api-tokens',
];

const TRUST_API = [
  '',
  '/sectors',
  '/localities',
  '/organisations',
  '/users',
  '/translations',
  '/translations/template?version=2026.1',
];

describe('tenancy', () => {
  let t: TestApp;
  let world: World;
  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
  });
  after(() => t.close());

  it("answers 404 for every page of another trust, and 200 or 403 in one's own", async () => {
    const beta = new Agent(t.app);
    await beta.signIn(world.users.betaAdmin);
    const alpha = new Agent(t.app);
    await alpha.signIn(world.users['trust-admin']);
    for (const page of TRUST_PAGES) {
      const foreign = await beta.get(`/trusts/alpha${page}`);
      assert.equal(foreign.statusCode, 404, `beta admin GET /trusts/alpha${page}`);
      assert.doesNotMatch(foreign.body, /Alpha Partnership/);
      const own = await alpha.get(`/trusts/alpha${page}`);
      assert.equal(own.statusCode, 200, `alpha admin GET /trusts/alpha${page}`);
    }
  });

  it("refuses forms posted to another trust's pages without changing anything", async () => {
    const beta = new Agent(t.app);
    await beta.signIn(world.users.betaAdmin);
    const response = await beta.post('/trusts/alpha/settings/localities', {
      name: 'Planted by beta',
    });
    assert.equal(response.statusCode, 404);
    const alpha = new Agent(t.app);
    await alpha.signIn(world.users['trust-admin']);
    const page = await alpha.get('/trusts/alpha/settings/localities');
    assert.doesNotMatch(page.body, /Planted by beta/);
  });

  it("answers 404 for another trust's API resources", async () => {
    const betaToken = await apiToken(t.db, world.beta.id, 'trust-admin');
    const alphaToken = await apiToken(t.db, world.alpha.id, 'trust-admin');
    for (const path of TRUST_API) {
      const foreign = await t.app.inject({
        url: `/api/v1/trusts/alpha${path}`,
        headers: { authorization: `Bearer ${betaToken}` },
      });
      assert.equal(foreign.statusCode, 404, `beta token GET /api/v1/trusts/alpha${path}`);
      assert.equal(foreign.json<{ error: string }>().error, 'not_found');
      const own = await t.app.inject({
        url: `/api/v1/trusts/alpha${path}`,
        headers: { authorization: `Bearer ${alphaToken}` },
      });
      assert.equal(own.statusCode, 200, `alpha token GET /api/v1/trusts/alpha${path}`);
    }
  });

  it('applies roles inside a trust: 403 for pages a role may not use', async () => {
    const viewer = new Agent(t.app);
    await viewer.signIn(world.users.viewer);
    assert.equal((await viewer.get('/trusts/alpha')).statusCode, 200);
    for (const page of ['/settings', '/users', '/audit', '/api-tokens']) {
      assert.equal(
        (await viewer.get(`/trusts/alpha${page}`)).statusCode,
        403,
        `viewer GET ${page}`,
      );
    }
    const contributor = new Agent(t.app);
    await contributor.signIn(world.users.contributor);
    assert.equal((await contributor.get('/trusts/alpha/settings/sectors')).statusCode, 403);
    const admin = new Agent(t.app);
    await admin.signIn(world.users['system-admin']);
    assert.equal(
      (await admin.get('/trusts/alpha')).statusCode,
      404,
      'a system admin has no role inside a trust',
    );
    assert.equal((await admin.get('/admin/trusts')).statusCode, 200);
    assert.equal((await viewer.get('/admin/trusts')).statusCode, 403);
  });

  it('redirects people who are not signed in to the sign-in page', async () => {
    const anonymous = new Agent(t.app);
    const response = await anonymous.get('/trusts/alpha/settings');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/sign-in?next=%2Ftrusts%2Falpha%2Fsettings');
    const api = await t.app.inject({ url: '/api/v1/trusts/alpha' });
    assert.equal(api.statusCode, 401);
  });
});
