import assert from 'node:assert/strict';
import { dom } from '../../../test/build.ts';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { createTestApp, seedWorld, text, type TestApp, type World } from '../../../test/helpers.ts';
import { countRows, h1, radioNames, Respondent } from './testing.ts';

describe('saving answers and coming back later', () => {
  let t: TestApp;
  let world: World;
  let base: string;
  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id);
    const round = await addRound(t.db, world.alpha.id);
    const q = await addQuestionnaire(t.db, world.alpha.id, round.id);
    const link = await addLink(t.db, world.alpha.id, q.id);
    base = `/q/${link.code}`;
  });
  after(() => t.close());

  const drafts = () => countRows(t.db, world.alpha.id, 'drafts');

  /** Answers the first page, half of the second, then saves. Returns the resume code. */
  async function saveHalfway(r: Respondent): Promise<{ code: string; answered: string }> {
    await r.start();
    await r.answerAbout();
    await r.answerPage('2');
    const names = radioNames(r.html);
    const answered = names[0] ?? '';
    await r.send({ [answered]: '5', action: 'save' });
    assert.equal(r.last.statusCode, 200);
    assert.equal(h1(r.html), 'Your answers have been saved');
    const code = /data-testid="resume-code">([^<]+)</.exec(r.html)?.[1] ?? '';
    assert.match(code, /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    assert.match(text(r.html), new RegExp(`http://ocw.test${base}/resume`));
    assert.match(text(r.html), /We will keep your saved answers until \d+ \w+ \d{4}/);
    return { code, answered };
  }

  it('saves, gives a code, and resumes where the respondent left off', async () => {
    const r = new Respondent(t.app, base);
    const { code, answered } = await saveHalfway(r);
    assert.equal(await drafts(), 1);
    // Only a hash of the code is stored, with the answers and an expiry 30 days away.
    const [draft] = await t.db.withTrust(world.alpha.id, (tx) =>
      queryRows<{ resume_hash: string; days: number; state: Record<string, unknown> }>(
        tx,
        sql`select resume_hash, round(extract(epoch from expires_at - now()) / 86400)::int as days,
              state from drafts`,
      ),
    );
    assert.ok(draft);
    assert.notEqual(draft.resume_hash, code);
    assert.ok(!draft.resume_hash.includes(code.replace(/-/g, '')));
    assert.equal(draft.days, 30);
    assert.deepEqual(Object.keys(draft.state).sort(), ['a', 'c', 'k', 'l', 'o', 'q', 's', 'v']);

    // Another browser, another day: the code brings the answers back.
    const later = new Respondent(t.app, base);
    await later.open('/resume');
    assert.equal(h1(later.html), 'Continue with your saved answers');
    await later.send({ code: code.toLowerCase().replace(/-/g, ' '), lang: 'en' }, `${base}/resume`);
    assert.equal(later.posted.statusCode, 303);
    assert.equal(later.last.statusCode, 200);
    assert.equal(h1(later.html), 'Integrated working practices', 'the first unfinished page');
    assert.match(later.html, new RegExp(`name="${answered}" type="radio" value="5" checked`));
    await later.toCheck('4');
    await later.submit();
    assert.equal(later.posted.statusCode, 303);
    assert.equal(await drafts(), 0, 'the draft is deleted when the answers are submitted');
    assert.equal(await countRows(t.db, world.alpha.id, 'responses'), 1);
    // The code once more, after submitting: a clear message, nothing stored twice.
    const again = new Respondent(t.app, base);
    await again.open('/resume');
    const after = await again.agent.post(`${base}/resume`, { code, lang: 'en' });
    assert.equal(after.statusCode, 400);
    assert.match(text(after.body), /If you have already sent your answers, we have them/);
    assert.equal(await countRows(t.db, world.alpha.id, 'responses'), 1);
  });

  it('says so when the code is missing, malformed, wrong or expired', async () => {
    const r = new Respondent(t.app, base);
    const { code } = await saveHalfway(r);
    const saved = await drafts();
    const later = new Respondent(t.app, base);
    await later.open('/resume');
    for (const [typed, message] of [
      ['', 'Enter your save code'],
      ['ABC', 'Enter the code as it was shown to you'],
      ['ABCD-EFGH-IJKL', 'Enter the code as it was shown to you'],
      ['AAAA-AAAA-AAAA', 'We cannot find saved answers with that code'],
    ] as const) {
      const response = await later.agent.post(`${base}/resume`, { code: typed, lang: 'en' });
      assert.equal(response.statusCode, 400, typed);
      assert.match(text(response.body), new RegExp(`There is a problem ${message}`));
      assert.match(response.body, /href="#code"/);
      assert.match(response.body, /<title>Error: /);
    }
    await t.db.withTrust(world.alpha.id, (tx) =>
      tx.execute(sql`update drafts set expires_at = now() - interval '1 day'`),
    );
    const expired = await later.agent.post(`${base}/resume`, { code, lang: 'en' });
    assert.equal(expired.statusCode, 400);
    assert.match(text(expired.body), /That code has expired/);
    assert.equal(await drafts(), saved - 1, 'an expired draft is deleted when it is found');
  });

  it('keeps one draft and the same code when the respondent saves again after resuming', async () => {
    const r = new Respondent(t.app, base);
    const { code } = await saveHalfway(r);
    const before = await drafts();
    const later = new Respondent(t.app, base);
    await later.open('/resume');
    await later.send({ code, lang: 'en' }, `${base}/resume`);
    await later.send({ action: 'save' });
    assert.equal(h1(later.html), 'Your answers have been saved');
    assert.equal(dom(later.html).text('[data-testid=resume-code]'), code);
    assert.equal(await drafts(), before, 'one draft, not two');
    const again = await later.agent.post(`${base}/resume`, { code, lang: 'en' });
    assert.equal(again.statusCode, 303, 'the code still works');
  });

  it('does not resume a draft saved on another link of the same questionnaire', async () => {
    const r = new Respondent(t.app, base);
    const { code } = await saveHalfway(r);
    const [row] = await t.db.withTrust(world.alpha.id, (tx) =>
      queryRows<{ questionnaire_id: string }>(tx, sql`select questionnaire_id from drafts limit 1`),
    );
    const other = await addLink(t.db, world.alpha.id, row?.questionnaire_id ?? '');
    const elsewhere = new Respondent(t.app, `/q/${other.code}`);
    await elsewhere.open('/resume');
    const response = await elsewhere.agent.post(`/q/${other.code}/resume`, { code, lang: 'en' });
    assert.equal(response.statusCode, 400);
    assert.match(text(response.body), /We cannot find saved answers with that code/);
  });
});
