import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { isRespondentRoute, redactTokens } from '../../web/logging.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { Agent, createTestDatabase, Outbox, seedWorld, type World } from '../../../test/helpers.ts';
import { Respondent } from './testing.ts';

// The request log of a whole respondent journey, at info level, holds neither the client's
// address nor any link's token or code.

/** A respondent's address, distinctive enough to find anywhere in the log. */
const ADDRESS = '203.0.113.77';

/** A browser on a network of its own. */
class RemoteAgent extends Agent {
  override request(options: InjectOptions): Promise<LightMyRequestResponse> {
    return super.request({ ...options, remoteAddress: ADDRESS });
  }
}

const linkIn = (text: string, path: string) =>
  new RegExp(`http://ocw\\.test/${path}/([A-Za-z0-9_-]{20,})`).exec(text)?.[1];

describe('redacting tokens', () => {
  it('replaces the secret of every kind of link, in paths and in text', () => {
    assert.equal(redactTokens('/i/abcDEF_123-x/page/2?lang=cy'), '/i/[redacted]/page/2?lang=cy');
    assert.equal(redactTokens('/q/K7mP2x'), '/q/[redacted]');
    assert.equal(
      redactTokens(
        'Answer:\nhttp://ocw.test/i/Zm9vYmFy12345678901234 or http://x/reset-password/s3cr3t.',
      ),
      'Answer:\nhttp://ocw.test/i/[redacted] or http://x/reset-password/[redacted]',
    );
    assert.equal(redactTokens('"/invitation/tok"'), '"/invitation/[redacted]"');
    // Staff pages that merely contain the words are left alone.
    for (const path of [
      '/trusts/alpha/users/invite',
      '/trusts/alpha/rounds/r/questionnaires/q/invitations/send',
      '/api/v1/trusts/alpha',
    ])
      assert.equal(redactTokens(path), path);
  });

  it('knows the respondent routes', () => {
    for (const url of ['/q/abc', '/i/abc/submit', '/respond/assets/respond.css', '/resume'])
      assert.equal(isRespondentRoute(url), true, url);
    for (const url of ['/sign-in', '/trusts/alpha', '/invitation/x', '/iq', '/questionnaires'])
      assert.equal(isRespondentRoute(url), false, url);
  });
});

describe('the request log of a respondent journey', () => {
  const lines: string[] = [];
  let app: FastifyInstance;
  let db: Database;
  let drop: () => Promise<void>;
  let world: World;
  const outbox = new Outbox();

  before(async () => {
    ({ db, drop } = await createTestDatabase());
    const config = loadConfig({ NODE_ENV: 'test', BASE_URL: 'http://ocw.test', LOG_LEVEL: 'info' });
    app = await createApp({
      config,
      db,
      mailer: outbox,
      logStream: { write: (line) => void lines.push(line) },
    });
    await app.ready();
    world = await seedWorld(db);
  });
  after(async () => {
    await app.close();
    await drop();
  });

  it('holds no address and no token of any respondent route', async () => {
    await addSectors(db, world.alpha.id);
    const round = await addRound(db, world.alpha.id);
    const q = await addQuestionnaire(db, world.alpha.id, round.id, {
      areaKeys: ['complementary-roles'],
      closesOn: '2099-06-30',
    });
    const link = await addLink(db, world.alpha.id, q.id);

    // Staff invite someone, from the office.
    const admin = new Agent(app);
    await admin.signIn(world.users['trust-admin']);
    const path = `/trusts/alpha/rounds/${round.id}/questionnaires/${q.id}/invitations`;
    await admin.post(path, { emails: 'someone@example.org' });
    assert.equal((await admin.post(`${path}/send`)).statusCode, 303);
    const token = linkIn(outbox.lastTo('someone@example.org')?.text ?? '', 'i');
    assert.ok(token);

    // The invited person answers, on the phone and then on a laptop.
    const phone = new Respondent(app, `/i/${token}`, new RemoteAgent(app));
    await phone.start();
    await phone.answerAbout();
    await phone.send({ action: 'save' });
    const laptop = new Respondent(app, `/i/${token}`, new RemoteAgent(app));
    await laptop.open('?lang=en');
    await laptop.start();
    await laptop.toCheck('4');
    await laptop.submit();
    assert.equal(laptop.posted.statusCode, 303);
    assert.equal((await laptop.agent.get(`/i/${token}/done?lang=en`)).statusCode, 200);
    assert.equal((await laptop.open()).statusCode, 200);

    // Someone answers through the open link, saving and coming back with a code.
    const open = new Respondent(app, `/q/${link.code}`, new RemoteAgent(app));
    await open.start();
    await open.answerAbout();
    const saved = await open.send({ action: 'save' });
    const code = /data-testid="resume-code">([A-Z0-9-]+)</.exec(saved.body)?.[1];
    assert.ok(code);
    await open.agent.get(`/q/${link.code}/resume`);
    await open.send({ code }, `/q/${link.code}/resume`);
    await open.toCheck('3');
    await open.submit();
    assert.equal(open.posted.statusCode, 303);
    await open.agent.get('/respond/assets/respond.css');
    await open.agent.get(`/q/${link.code}/nowhere`);

    // A member of staff resets a password (staff routes keep their address).
    const staff = new Agent(app);
    await staff.get('/forgot-password');
    await staff.post('/forgot-password', { email: world.users.viewer });
    const reset = linkIn(outbox.lastTo(world.users.viewer)?.text ?? '', 'reset-password');
    assert.ok(reset);
    assert.equal((await staff.get(`/reset-password/${reset}`)).statusCode, 200);

    const log = lines.join('');
    assert.ok(lines.length > 40, 'requests were logged at info level');
    for (const secret of [token, link.code, code, code.replace(/-/g, ''), reset])
      assert.ok(!log.includes(secret), `the log holds no token or code (${secret.slice(0, 4)}…)`);
    assert.deepEqual(
      lines.filter((line) => line.includes(ADDRESS)),
      [],
      'the log holds no respondent address',
    );
    assert.ok(!log.includes('someone@example.org') || !log.includes(token));

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = entries
      .map((e) => e.req as Record<string, unknown> | undefined)
      .filter((r) => r !== undefined);
    const urls = requests.map((r) => String(r.url));
    assert.ok(urls.includes('/i/[redacted]'), 'respondent requests are logged, redacted');
    assert.ok(urls.includes('/q/[redacted]/resume'));
    assert.ok(urls.includes('/reset-password/[redacted]'));
    for (const r of requests.filter((r) => isRespondentRoute(String(r.url)))) {
      assert.equal(r.remoteAddress, undefined);
      assert.equal(r.remotePort, undefined);
      assert.equal(r.host, undefined);
    }
    // Staff requests from the office keep their address, as before.
    assert.ok(requests.some((r) => r.url === '/sign-in' && r.remoteAddress === '127.0.0.1'));
  });
});
