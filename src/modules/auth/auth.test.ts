import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  Agent,
  createTestApp,
  PASSWORD,
  seedWorld,
  text,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';

describe('sign-in, sessions and CSRF', () => {
  let t: TestApp;
  let world: World;
  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
  });
  after(() => t.close());

  it('reports health with the database kind', async () => {
    const response = await t.app.inject('/health');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok', database: t.db.kind });
  });

  it('shows the sign-in page with email and password fields', async () => {
    const response = await new Agent(t.app).get('/sign-in');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /name="email"/);
    assert.match(response.body, /name="password"/);
    assert.match(
      response.headers['content-security-policy'] as string,
      /script-src 'self' 'nonce-/,
    );
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
  });

  it('signs in, rotates the session, and signs out', async () => {
    const agent = new Agent(t.app);
    await agent.signIn(world.users['trust-admin']);
    const first = agent.cookie('ocw_session');
    assert.ok(first);
    const home = await agent.get('/');
    assert.equal(home.statusCode, 303);
    assert.equal(home.headers.location, '/trusts/alpha');
    const page = await agent.get('/trusts/alpha');
    assert.equal(page.statusCode, 200);
    assert.match(text(page.body), /Alpha Partnership/);
    // Signing in again replaces the session: the old one no longer works.
    await agent.signIn(world.users['trust-admin']);
    const second = agent.cookie('ocw_session');
    assert.ok(second);
    assert.notEqual(first, second);
    const stale = new Agent(t.app);
    const staleResponse = await stale.request({
      method: 'GET',
      url: '/trusts/alpha',
      headers: { cookie: `ocw_session=${first}` },
    });
    assert.equal(staleResponse.statusCode, 303);
    assert.match(String(staleResponse.headers.location), /^\/sign-in/);
    const out = await agent.post('/sign-out');
    assert.equal(out.statusCode, 303);
    const after = await agent.get('/trusts/alpha');
    assert.equal(after.statusCode, 303);
  });

  it('does not fixate a session id given before sign-in', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const response = await agent.request({
      method: 'POST',
      url: '/sign-in',
      payload: new URLSearchParams({
        _csrf: agent.csrf,
        email: world.users.viewer,
        password: PASSWORD,
      }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `ocw_csrf=${agent.cookie('ocw_csrf') ?? ''}; ocw_session=attacker-chosen`,
      },
    });
    assert.equal(response.statusCode, 303);
    assert.notEqual(agent.cookie('ocw_session'), 'attacker-chosen');
  });

  it('explains a wrong password without saying which part was wrong', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', {
      email: world.users.viewer,
      password: 'wrong password',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(text(response.body), /Enter a correct email address and password/);
    assert.match(response.body, new RegExp(`value="${world.users.viewer}"`));
  });

  it('validates the sign-in form', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', { email: 'not-an-email', password: '' });
    assert.equal(response.statusCode, 400);
    assert.match(text(response.body), /Enter an email address in the correct format/);
    assert.match(text(response.body), /Enter your password/);
  });

  it('throttles repeated failures for an account, even with the right password afterwards', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const email = world.users.contributor;
    for (let i = 0; i < 4; i++) {
      const r = await agent.post('/sign-in', { email, password: `wrong ${i}` });
      assert.equal(r.statusCode, 400);
    }
    const fifth = await agent.post('/sign-in', { email, password: 'wrong again' });
    assert.equal(fifth.statusCode, 429);
    assert.match(text(fifth.body), /Too many attempts to sign in/);
    const right = await agent.post('/sign-in', { email, password: PASSWORD });
    assert.equal(right.statusCode, 429);
    // Another account is not affected.
    const other = await new Agent(t.app).signIn(world.users['action-lead']);
    assert.equal(other.statusCode, 303);
  });

  it('refuses a form without a valid CSRF token', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const missing = await agent.post(
      '/sign-in',
      { email: world.users.viewer, password: PASSWORD },
      { csrf: false },
    );
    assert.equal(missing.statusCode, 403);
    assert.match(text(missing.body), /Your form has expired/);
    const forged = await agent.post('/sign-in', {
      _csrf: 'forged-token',
      email: world.users.viewer,
      password: PASSWORD,
    });
    assert.equal(forged.statusCode, 403);
    assert.equal(agent.cookie('ocw_session'), undefined);
    // A token from another browser does not work with this browser's cookie.
    const other = new Agent(t.app);
    await other.get('/sign-in');
    const crossed = await agent.post('/sign-in', {
      _csrf: other.csrf,
      email: world.users.viewer,
      password: PASSWORD,
    });
    assert.equal(crossed.statusCode, 403);
  });

  it('refuses sign-out without a CSRF token', async () => {
    const agent = new Agent(t.app);
    await agent.signIn(world.users.viewer);
    const response = await agent.post('/sign-out', {}, { csrf: false });
    assert.equal(response.statusCode, 403);
    assert.equal((await agent.get('/trusts/alpha')).statusCode, 200);
  });

  it('redirects only to same-site paths after sign-in', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in?next=//evil.example');
    const response = await agent.post('/sign-in', {
      email: world.users.viewer,
      password: PASSWORD,
      next: '//evil.example',
    });
    assert.equal(response.headers.location, '/');
  });

  it('resets a password by emailed link, once', async () => {
    const agent = new Agent(t.app);
    await agent.get('/forgot-password');
    const response = await agent.post('/forgot-password', { email: world.users['action-lead'] });
    assert.equal(response.statusCode, 200);
    const mail = t.outbox.lastTo(world.users['action-lead']);
    assert.ok(mail);
    const link = /http:\/\/ocw\.test(\/reset-password\/\S+)/.exec(mail.text)?.[1];
    assert.ok(link);
    await agent.get(link);
    const short = await agent.post(link, { password: 'short', confirm: 'short' });
    assert.equal(short.statusCode, 400);
    assert.match(text(short.body), /at least 12 characters/);
    const ok = await agent.post(link, {
      password: 'a brand new passphrase',
      confirm: 'a brand new passphrase',
    });
    assert.equal(ok.statusCode, 200);
    assert.equal((await agent.get(link)).statusCode, 404);
    await new Agent(t.app).signIn(world.users['action-lead'], 'a brand new passphrase');
    // Unknown addresses get the same answer and no mail.
    const before = t.outbox.mails.length;
    const unknown = await agent.post('/forgot-password', { email: 'nobody@nowhere.test' });
    assert.equal(unknown.statusCode, 200);
    assert.equal(t.outbox.mails.length, before);
  });
});
