import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { localities } from '../../db/schema/index.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { createTestApp, seedWorld, text, type TestApp, type World } from '../../../test/helpers.ts';
import { dom } from '../../../test/build.ts';
import { countRows, h1, optionValues, radioNames, Respondent } from './testing.ts';

describe('answering a frontline questionnaire', () => {
  let t: TestApp;
  let world: World;
  let base: string;
  let roundId: string;
  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id);
    await t.db.withTrust(world.alpha.id, (tx) =>
      tx.insert(localities).values([
        { trustId: world.alpha.id, name: 'Northgate' },
        { trustId: world.alpha.id, name: 'Southmere' },
      ]),
    );
    const round = await addRound(t.db, world.alpha.id);
    roundId = round.id;
    const questionnaire = await addQuestionnaire(t.db, world.alpha.id, round.id, {
      askRoleLevel: true,
      askLocality: true,
    });
    const link = await addLink(t.db, world.alpha.id, questionnaire.id);
    base = `/q/${link.code}`;
  });
  after(() => t.close());

  it('shows a start page with what it is about, how long it takes and the privacy notice', async () => {
    const r = new Respondent(t.app, base);
    const page = await r.open();
    assert.equal(page.statusCode, 200);
    const body = text(page.body);
    assert.equal(h1(page.body), 'Tell us how services for children work together');
    assert.match(body, /Alpha Partnership/);
    assert.match(body, /This questionnaire is for: Frontline practitioners/);
    assert.match(body, /It takes about \d+ minutes\. There are 3 pages of questions\./);
    assert.match(body, /We do not keep: your name or email address your IP address/);
    assert.match(body, /anything about your device or browser/);
    assert.match(body, /groups of 5 or more people/);
    assert.match(body, /Comments are read only by the workforce team at Alpha Partnership/);
    assert.match(body, /Start now/);
    assert.match(page.body, /<html lang="en"/);
    assert.match(page.body, /<body class="govuk-template__body" dir="ltr"/);
    assert.doesNotMatch(page.body, /govuk-language-navigation/, 'one language: no choice');
    assert.doesNotMatch(page.body, /account-bar/);
  });

  it('goes through every page, checks the answers and stores one anonymous response', async () => {
    const r = new Respondent(t.app, base);
    await r.start();
    assert.equal(r.last.statusCode, 200);
    assert.equal(h1(r.html), 'About you');
    assert.match(text(r.html), /Page 1 of 3/);
    assert.deepEqual(optionValues(r.html, 'sector'), ['', 'early-years', 'health', 'schools']);
    assert.equal(optionValues(r.html, 'locality').at(-1), 'none');
    assert.match(text(r.html), /Leader or manager Frontline practitioner Other/);
    const sector = 'schools';
    const locality = optionValues(r.html, 'locality')[1] ?? '';
    await r.send({ sector, locality, roleLevel: 'leaders-managers', action: 'continue' });
    assert.equal(h1(r.html), 'Shared identity, purpose and vision');
    assert.match(text(r.html), /Page 2 of 3/);
    const firstPage = radioNames(r.html);
    assert.ok(firstPage.length >= 10);
    assert.match(text(r.html), /Strongly disagree Disagree Neither agree nor disagree Agree/);
    assert.ok(dom(r.html).has('.govuk-radios--small.govuk-radios--inline'));
    assert.match(text(r.html), /Don't know Not applicable/);
    await r.answerPage('5', { comment: 'Joint training has helped.\r\nMore please.' });
    assert.equal(h1(r.html), 'Integrated working practices');
    assert.match(text(r.html), /Page 3 of 3/);
    await r.answerPage('DK');
    assert.equal(h1(r.html), 'Check your answers before sending them');
    const check = text(r.html);
    const page = dom(r.html);
    assert.deepEqual(page.texts('.govuk-summary-card__title'), [
      'About you',
      'Shared identity, purpose and vision',
      'Integrated working practices',
    ]);
    assert.equal(page.attr('.govuk-summary-card__action a', 'href'), `${base}/about?return=check`);
    assert.match(check, /Sector Schools Role Leader or manager/);
    assert.match(check, /Strongly agree/);
    assert.match(check, /Don't know/);
    assert.match(check, /Joint training has helped\. More please\./);
    assert.equal(await countRows(t.db, world.alpha.id, 'responses'), 0, 'nothing stored yet');

    const done = await r.submit();
    assert.equal(r.posted.statusCode, 303);
    assert.equal(r.posted.headers.location, `${base}/done?lang=en`);
    assert.equal(done.statusCode, 200);
    assert.match(text(done.body), /Thank you Your answers have been sent/);
    assert.match(text(done.body), /What happens next/);

    const [response] = await t.db.withTrust(world.alpha.id, (tx) =>
      queryRows<Record<string, unknown>>(
        tx,
        sql`select audience, sector_key, role_level, locality, language, source,
              submitted_on::text as day, (submitted_on = current_date) as today,
              (select count(*)::int from answers a where a.response_id = r.id) as answers,
              (select count(*)::int from answers a where a.response_id = r.id and value = 5) as fives,
              (select count(*)::int from answers a where a.response_id = r.id and value = 8) as dks,
              (select string_agg(body, '|') from comments c where c.response_id = r.id) as comments
            from responses r where round_id = ${roundId}`,
      ),
    );
    assert.ok(response);
    assert.equal(response.audience, 'frontline');
    assert.equal(response.sector_key, 'schools');
    assert.equal(response.role_level, 'leaders-managers');
    assert.equal(response.locality, 'Northgate');
    assert.equal(response.language, 'en');
    assert.equal(response.source, 'online');
    assert.equal(response.today, true);
    assert.match(String(response.day), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(response.fives, firstPage.length);
    assert.ok(Number(response.dks) > 0);
    assert.equal(response.answers, firstPage.length + Number(response.dks));
    assert.equal(response.comments, 'Joint training has helped.\nMore please.');
  });

  it('asks for every answer, naming the statement and linking to it; nothing is stored', async () => {
    const before = await countRows(t.db, world.alpha.id, 'responses');
    const r = new Respondent(t.app, base);
    await r.start();
    await r.answerAbout();
    const names = radioNames(r.html);
    const first = names[0] ?? '';
    const fields: Record<string, string> = {};
    for (const name of names.slice(1)) fields[name] = '3';
    await r.send({ ...fields, action: 'continue' });
    assert.equal(r.last.statusCode, 400);
    assert.match(r.html, /<title>Error: Shared identity/);
    assert.match(text(r.html), /There is a problem Select an answer for: Partners across/);
    assert.match(r.html, new RegExp(`href="#${first.replace(/\./g, '-')}"`));
    assert.match(r.html, new RegExp(`id="${first.replace(/\./g, '-')}"`));
    // The answers given are still selected.
    assert.match(r.html, new RegExp(`name="${names[1] ?? ''}" type="radio" value="3" checked`));
    assert.equal(await countRows(t.db, world.alpha.id, 'responses'), before);
  });

  it('goes back a page with the answers kept, and changes an answer from the check page', async () => {
    const r = new Respondent(t.app, base);
    await r.start();
    await r.answerAbout();
    await r.answerPage('2');
    assert.equal(h1(r.html), 'Integrated working practices');
    assert.equal(dom(r.html).attr('[data-testid=back]', 'href'), `${base}/page/1`);
    await r.get(`${base}/page/1`);
    assert.equal(h1(r.html), 'Shared identity, purpose and vision');
    const name = radioNames(r.html)[0] ?? '';
    assert.match(r.html, new RegExp(`name="${name}" type="radio" value="2" checked`));
    await r.answerPage('2');
    await r.answerPage('3');
    assert.equal(h1(r.html), 'Check your answers before sending them');
    const change = dom(r.html).root.querySelectorAll('.govuk-summary-card__action a')[1];
    assert.equal(change?.getAttribute('href'), `${base}/page/1?return=check`);
    await r.get(`${base}/page/1?return=check`);
    assert.equal(h1(r.html), 'Shared identity, purpose and vision');
    assert.match(r.html, /name="return" value="check"/);
    await r.answerPage('1', { return: 'check' });
    assert.equal(h1(r.html), 'Check your answers before sending them');
    assert.match(text(r.html), /Strongly disagree/);
  });

  it('stores one response when the same answers are submitted twice, and confirms both', async () => {
    const r = new Respondent(t.app, base);
    await r.start();
    await r.toCheck();
    const before = await countRows(t.db, world.alpha.id, 'responses');
    // A double click: both forms carry the cookie the first answer then clears.
    const cookie = r.agent.cookie('ocw_respond') ?? '';
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: `${base}/submit`,
        headers: {
          cookie: `ocw_respond=${cookie}; ocw_csrf=${r.agent.cookie('ocw_csrf') ?? ''}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({ _csrf: r.agent.csrf }).toString(),
      });
    const [first, second] = await Promise.all([send(), send()]);
    const third = await send();
    for (const response of [first, second, third]) {
      assert.equal(response.statusCode, 303);
      assert.match(String(response.headers.location), new RegExp(`^${base}/done`));
    }
    assert.equal(await countRows(t.db, world.alpha.id, 'responses'), before + 1);
  });

  it('does not ask the sector when the link fixes it, and stores the link sector', async () => {
    const round = await addRound(t.db, world.alpha.id);
    const q = await addQuestionnaire(t.db, world.alpha.id, round.id, {
      areaKeys: ['complementary-roles'],
    });
    const link = await addLink(t.db, world.alpha.id, q.id, { sectorKey: 'health' });
    const r = new Respondent(t.app, `/q/${link.code}`);
    await r.start();
    assert.equal(h1(r.html), 'Complementary roles', 'no About you page');
    assert.match(text(r.html), /Page 1 of 1/);
    await r.answerPage('4');
    await r.submit();
    assert.equal(r.posted.statusCode, 303);
    const rows = await t.db.withTrust(world.alpha.id, (tx) =>
      queryRows<{ sector_key: string }>(
        tx,
        sql`select sector_key from responses where round_id = ${round.id}`,
      ),
    );
    assert.deepEqual(rows, [{ sector_key: 'health' }]);
  });

  it('sends a form address opened as a page back to the start; a step with no answers begun offers the save code', async () => {
    const r = new Respondent(t.app, base);
    for (const path of ['/submit', '/start']) {
      const response = await r.agent.get(base + path);
      assert.equal(response.statusCode, 303, path);
      assert.equal(response.headers.location, base);
    }
    for (const path of ['/about', '/page/2', '/check', '/saved']) {
      const response = await r.agent.get(base + path);
      assert.equal(response.statusCode, 200, path);
      assert.equal(h1(response.body), 'Continue with your save code', path);
    }
  });
});
