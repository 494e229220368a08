import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { questionnaireLinks, questionnaires } from '../../db/schema/index.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { createTestApp, seedWorld, text, type TestApp, type World } from '../../../test/helpers.ts';
import { countRows, h1, radioNames, Respondent } from './testing.ts';

describe('bad input and unavailable questionnaires', () => {
  let t: TestApp;
  let world: World;
  let base: string;
  let questionnaireId: string;
  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id);
    const round = await addRound(t.db, world.alpha.id);
    const q = await addQuestionnaire(t.db, world.alpha.id, round.id, {
      areaKeys: ['complementary-roles', 'keeping-safe'],
      askRoleLevel: true,
    });
    questionnaireId = q.id;
    const link = await addLink(t.db, world.alpha.id, q.id);
    base = `/q/${link.code}`;
  });
  after(() => t.close());

  const responses = () => countRows(t.db, world.alpha.id, 'responses');

  /** A respondent on the first page of questions. */
  async function onFirstPage() {
    const r = new Respondent(t.app, base);
    await r.start();
    await r.answerAbout();
    assert.equal(h1(r.html), 'Complementary roles');
    return r;
  }

  it('rejects answers out of range with a message next to the question', async () => {
    for (const bad of ['6', '0', '-1', 'X', '4.5', '']) {
      const r = await onFirstPage();
      const names = radioNames(r.html);
      const fields: Record<string, string> = {};
      for (const name of names) fields[name] = '3';
      fields[names[0] ?? ''] = bad;
      await r.send({ ...fields, action: 'continue' });
      assert.equal(r.last.statusCode, 400, `value ${JSON.stringify(bad)}`);
      assert.match(text(r.html), /Select an answer for: /);
      assert.equal(h1(r.html), 'Complementary roles');
    }
    assert.equal(await responses(), 0);
  });

  it('rejects an answer sent twice for one question', async () => {
    const r = await onFirstPage();
    const names = radioNames(r.html);
    const fields: Record<string, string | string[]> = {};
    for (const name of names) fields[name] = '3';
    fields[names[0] ?? ''] = ['2', '4'];
    await r.send({ ...fields, action: 'continue' });
    assert.equal(r.last.statusCode, 400);
    assert.match(text(r.html), /Select an answer for: /);
  });

  it('rejects a forged sector, role or locality with a field error', async () => {
    for (const [field, value, message] of [
      ['sector', 'not-a-sector', 'Select the sector you work in'],
      ['sector', 'schools\u0000', 'Select the sector you work in'],
      ['roleLevel', 'director', 'Select your role'],
    ] as const) {
      const r = new Respondent(t.app, base);
      await r.start();
      await r.send({
        sector: 'health',
        roleLevel: 'frontline',
        [field]: value,
        action: 'continue',
      });
      assert.equal(r.last.statusCode, 400, `${field}=${value}`);
      assert.match(text(r.html), new RegExp(message));
      assert.match(r.html, new RegExp(`href="#${field}"`));
    }
  });

  it('restarts on a forged item key or an unknown field, storing nothing', async () => {
    const r = await onFirstPage();
    const fields: Record<string, string> = {};
    for (const name of radioNames(r.html)) fields[name] = '3';
    await r.send({ ...fields, 'red.shared-vision.p1': '5', action: 'continue' });
    assert.equal(r.last.statusCode, 400);
    assert.equal(h1(r.html), 'Sorry, we could not read your answers');
    assert.match(r.html, new RegExp(`href="${base}\\?lang=en"`));
    assert.equal(await responses(), 0);
  });

  it('offers the save code on a missing, malformed or foreign cookie, storing nothing', async () => {
    const r = await onFirstPage();
    const held = r.agent.cookie('ocw_respond') ?? '';
    const [code = '', key = ''] = held.split('.');
    for (const bad of [
      '',
      'not a code',
      `${code}.`,
      `${code.slice(0, -1)}2.${key}`,
      `ABCDEFGHJKMN.${key}`,
      `${code}.${key}.extra`,
      'a'.repeat(3000),
    ]) {
      for (const [method, url] of [
        ['GET', `${base}/page/1`],
        ['GET', `${base}/check`],
        ['POST', `${base}/page/1`],
        ['POST', `${base}/submit`],
      ] as const) {
        const response = await t.app.inject({
          method,
          url,
          headers: {
            cookie: `ocw_respond=${bad}; ocw_csrf=${r.agent.cookie('ocw_csrf') ?? ''}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload: method === 'POST' ? `_csrf=${r.agent.csrf}&action=continue` : undefined,
        });
        assert.equal(response.statusCode, 200, `${method} ${url} with ${bad.slice(0, 20)}`);
        assert.equal(h1(response.body), 'Continue with your save code');
      }
    }
    assert.equal(await responses(), 0);
  });

  it('restarts on a page that does not exist', async () => {
    const r = await onFirstPage();
    for (const n of ['0', '3', '99', 'abc', '1e3']) {
      const posted = await r.agent.post(`${base}/page/${n}`, { action: 'continue' });
      assert.equal(posted.statusCode, 400, `page ${n}`);
      const shown = await r.agent.get(`${base}/page/${n}`);
      assert.equal(shown.statusCode, 400, `page ${n}`);
      assert.equal(h1(shown.body), 'Sorry, we could not read your answers');
    }
  });

  it('limits a comment to 1,000 characters', async () => {
    const r = await onFirstPage();
    const fields: Record<string, string> = {};
    for (const name of radioNames(r.html)) fields[name] = '2';
    await r.send({ ...fields, comment: 'x'.repeat(1001), action: 'continue' });
    assert.equal(r.last.statusCode, 400);
    assert.match(text(r.html), /Your comment must be 1,000 characters or fewer/);
    assert.match(r.html, /href="#comment"/);
    await r.send({ ...fields, comment: 'é'.repeat(1000), action: 'continue' });
    assert.equal(r.last.statusCode, 200);
    assert.equal(h1(r.html), 'Keeping children safe');
  });

  it('refuses a form without its CSRF token: nothing is stored, the save code is offered', async () => {
    const r = await onFirstPage();
    await r.toCheck();
    const response = await r.agent.post(`${base}/submit`, {}, { csrf: false });
    assert.equal(response.statusCode, 200);
    assert.equal(h1(response.body), 'Continue with your save code');
    assert.doesNotMatch(response.body, /account-bar|Sign out/);
    assert.equal(await responses(), 0);
  });

  it('does not submit an incomplete questionnaire: it shows the page still to answer', async () => {
    const r = await onFirstPage();
    await r.submit();
    assert.equal(r.last.statusCode, 400);
    assert.equal(h1(r.html), 'Complementary roles');
    assert.match(text(r.html), /There is a problem Select an answer for: /);
    assert.equal(await responses(), 0);
  });

  it('answers an unknown link with "We cannot find this questionnaire"', async () => {
    for (const code of ['nosuchcode', 'bad%20code', 'x'.repeat(100), '..%2F..%2Fetc', '%00']) {
      const r = new Respondent(t.app, `/q/${code}`);
      const page = await r.open();
      assert.equal(page.statusCode, 404, code);
      assert.equal(h1(page.body), 'We cannot find this questionnaire');
    }
    const r = new Respondent(t.app, '/q/nosuchcode');
    await r.open();
    const posted = await r.agent.post('/q/nosuchcode/submit', { state: 'x' });
    assert.equal(posted.statusCode, 404);
  });

  it('answers a closed link, a past closing date and a round that moved on with "closed"', async () => {
    const round = await addRound(t.db, world.alpha.id);
    const q = await addQuestionnaire(t.db, world.alpha.id, round.id, {
      areaKeys: ['complementary-roles'],
    });
    const link = await addLink(t.db, world.alpha.id, q.id);
    const r = new Respondent(t.app, `/q/${link.code}`);
    await r.start();
    await r.toCheck('3');
    assert.equal(h1(r.html), 'Check your answers before sending them');

    // The link is closed while the respondent is on the check page: nothing is stored.
    await t.db.withTrust(world.alpha.id, (tx) =>
      tx
        .update(questionnaireLinks)
        .set({ closedAt: new Date() })
        .where(eq(questionnaireLinks.id, link.id)),
    );
    const submitted = await r.agent.post(`/q/${link.code}/submit`);
    assert.equal(submitted.statusCode, 410);
    assert.equal(h1(submitted.body), 'This questionnaire is closed');
    assert.equal((await r.open()).statusCode, 410);

    // Past its closing date.
    await t.db.withTrust(world.alpha.id, (tx) =>
      tx
        .update(questionnaires)
        .set({ opensOn: '2020-01-01', closesOn: '2020-01-31' })
        .where(eq(questionnaires.id, questionnaireId)),
    );
    const past = await new Respondent(t.app, base).open();
    assert.equal(past.statusCode, 410);
    assert.equal(h1(past.body), 'This questionnaire is closed');
    await t.db.withTrust(world.alpha.id, (tx) =>
      tx
        .update(questionnaires)
        .set({ opensOn: '2026-01-01', closesOn: '2099-12-31' })
        .where(eq(questionnaires.id, questionnaireId)),
    );

    // The round has moved on to analysis.
    const later = await addRound(t.db, world.alpha.id, { status: 'analysing' });
    const lateQ = await addQuestionnaire(t.db, world.alpha.id, later.id);
    const lateLink = await addLink(t.db, world.alpha.id, lateQ.id);
    assert.equal((await new Respondent(t.app, `/q/${lateLink.code}`).open()).statusCode, 410);
    assert.equal(await responses(), 0);
  });

  it('answers a questionnaire that is not open yet with its opening date', async () => {
    const round = await addRound(t.db, world.alpha.id);
    const q = await addQuestionnaire(t.db, world.alpha.id, round.id, {
      opensOn: '2098-03-01',
      closesOn: '2098-04-01',
    });
    const link = await addLink(t.db, world.alpha.id, q.id);
    const r = new Respondent(t.app, `/q/${link.code}`);
    const page = await r.open();
    assert.equal(page.statusCode, 404);
    assert.equal(h1(page.body), 'This questionnaire is not open yet');
    assert.match(text(page.body), /It opens on 1 March 2098/);
    const started = await r.agent.post(`/q/${link.code}/start`, { lang: 'en' });
    assert.equal(started.statusCode, 404);
  });
});
