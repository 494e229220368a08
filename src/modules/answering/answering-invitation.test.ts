import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { invitations, questionnaires } from '../../db/schema/index.ts';
import { purgeExpired } from '../people/repository.ts';
import { sha256 } from '../people/passwords.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { createTestApp, seedWorld, text, type TestApp, type World } from '../../../test/helpers.ts';
import { countRows, h1, radioNames, Respondent } from './testing.ts';

describe('answering through a personal invitation', () => {
  let t: TestApp;
  let world: World;
  let questionnaireId: string;
  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id);
    const round = await addRound(t.db, world.alpha.id);
    const q = await addQuestionnaire(t.db, world.alpha.id, round.id, {
      audience: 'leaders-managers',
      title: 'Leaders questionnaire',
      areaKeys: ['complementary-roles'],
      askRoleLevel: true,
    });
    questionnaireId = q.id;
  });
  after(() => t.close());

  async function invite(
    email: string,
    sectorKey: string | null = 'schools',
    forId = questionnaireId,
  ) {
    const token = randomBytes(32).toString('base64url');
    const [row] = await t.db.withTrust(world.alpha.id, (tx) =>
      tx
        .insert(invitations)
        .values({
          trustId: world.alpha.id,
          questionnaireId: forId,
          email,
          sectorKey,
          tokenHash: sha256(token),
        })
        .returning(),
    );
    assert.ok(row);
    return { token, id: row.id };
  }

  const invitation = async (id: string) => {
    const [row] = await t.db.withTrust(world.alpha.id, (tx) =>
      tx.select().from(invitations).where(eq(invitations.id, id)),
    );
    return row;
  };
  const drafts = () =>
    t.db.withTrust(world.alpha.id, (tx) =>
      queryRows<{ sealed: string; created_on: string; expires_on: string }>(
        tx,
        sql`select sealed, created_on::text, expires_on::text from invitation_drafts
            where questionnaire_id = ${questionnaireId}`,
      ),
    );

  it('lets the invited person answer once, records only the day it was opened, and links nothing', async () => {
    const { token, id } = await invite('head@school.test');
    const r = new Respondent(t.app, `/i/${token}`);
    const draftsBefore = (await drafts()).length;
    const start = await r.open();
    assert.equal(start.statusCode, 200);
    assert.match(text(start.body), /This questionnaire is for: Leaders and managers/);
    assert.match(text(start.body), /open(ing)? the link in your email again/);
    assert.doesNotMatch(start.body, /\/resume/, 'no resume code is needed');
    assert.ok((await invitation(id))?.openedOn, 'opening the link records the day');
    assert.equal((await drafts()).length, draftsBefore + 1, 'and starts its draft');
    await r.start();
    assert.equal(
      h1(r.html),
      'About you',
      'the sector comes from the invitation; the role is asked',
    );
    assert.doesNotMatch(r.html, /name="sector"/);
    await r.toCheck('4');
    const before = await countRows(t.db, world.alpha.id, 'responses');
    const [first, second] = await Promise.all([
      r.agent.post(`/i/${token}/submit`),
      r.agent.post(`/i/${token}/submit`),
    ]);
    // A double click: one submission stores the answers, the other finds them sent.
    const statuses = [first.statusCode, second.statusCode].sort();
    assert.deepEqual(statuses, [200, 303]);
    const redirect = [first, second].find((response) => response.statusCode === 303);
    assert.equal(redirect?.headers.location, `/i/${token}/done?lang=en`);
    const other = [first, second].find((response) => response.statusCode === 200);
    assert.equal(h1(other?.body ?? ''), 'Your answers have been sent');
    assert.equal(await countRows(t.db, world.alpha.id, 'responses'), before + 1);
    assert.equal((await drafts()).length, draftsBefore, 'the draft is gone with the submission');
    const done = await r.agent.get(`/i/${token}/done?lang=en`);
    assert.equal(done.statusCode, 200);
    assert.match(text(done.body), /Thank you/);

    // The response carries the invitation's sector, and nothing that points back to it.
    const [row] = await t.db.withTrust(world.alpha.id, (tx) =>
      queryRows<Record<string, unknown>>(
        tx,
        sql`select * from responses where questionnaire_id = ${questionnaireId}`,
      ),
    );
    assert.ok(row);
    assert.equal(row.sector_key, 'schools');
    const values = JSON.stringify(row);
    assert.ok(!values.includes(id), 'no invitation id');
    assert.ok(!values.includes('head@school.test'), 'no email address');
    assert.ok(!values.includes(sha256(token)), 'no token hash');

    // The link opened again, on any device, says the answers have been sent.
    const again = new Respondent(t.app, `/i/${token}`);
    const page = await again.open();
    assert.equal(page.statusCode, 200);
    assert.equal(h1(page.body), 'Your answers have been sent');
    const posted = await again.agent.post(`/i/${token}/start`, { lang: 'en' });
    assert.equal(h1(posted.body), 'Your answers have been sent');
    assert.equal((await drafts()).length, draftsBefore, 'no new draft is started');
    const welsh = await again.agent.post(`/i/${token}/page/1`, { action: 'continue' });
    assert.equal(h1(welsh.body), 'Your answers have been sent');
  });

  it('carries on the same draft when the link is opened on a second device', async () => {
    const { token } = await invite('two-devices@school.test');
    const phone = new Respondent(t.app, `/i/${token}`);
    await phone.start();
    assert.equal(h1(phone.html), 'About you');
    await phone.answerAbout();
    const afterAbout = h1(phone.html);
    assert.notEqual(afterAbout, 'About you');
    await phone.answerPage('2');
    const third = h1(phone.html);

    // A laptop with no cookies: the link alone finds the answers so far.
    const laptop = new Respondent(t.app, `/i/${token}`);
    const start = await laptop.open();
    assert.equal(start.statusCode, 200);
    assert.match(text(start.body), /You have already started/);
    assert.match(text(start.body), /Continue/);
    await laptop.start();
    assert.equal(h1(laptop.html), third, 'it carries on at the first page not answered');
    const back = await laptop.get(`/i/${token}/page/1`);
    assert.match(back.body, /type="radio" value="2" checked/, "the phone's answers are there");
    await laptop.toCheck('3');
    await laptop.submit();
    assert.equal(laptop.posted.statusCode, 303);

    // The phone, still on its page, finds the answers sent.
    const before = await countRows(t.db, world.alpha.id, 'responses');
    const late = await phone.answerPage('5');
    assert.equal(h1(late.body), 'Your answers have been sent');
    assert.equal(await countRows(t.db, world.alpha.id, 'responses'), before);
  });

  it('does not take a second set of answers begun before the first was sent', async () => {
    const { token } = await invite('twice@school.test');
    const first = new Respondent(t.app, `/i/${token}`);
    const second = new Respondent(t.app, `/i/${token}`);
    await first.start();
    await second.start();
    await first.toCheck('2');
    await second.get(`/i/${token}/check`);
    assert.equal(h1(second.html), 'Check your answers before sending them');
    assert.equal((await first.agent.post(`/i/${token}/submit`)).statusCode, 303);
    const before = await countRows(t.db, world.alpha.id, 'responses');
    const late = await second.agent.post(`/i/${token}/submit`);
    assert.equal(late.statusCode, 200);
    assert.equal(h1(late.body), 'Your answers have been sent');
    assert.equal(await countRows(t.db, world.alpha.id, 'responses'), before);
  });

  it('saves for later without a code: the link itself carries on', async () => {
    const { token } = await invite('later@school.test');
    const r = new Respondent(t.app, `/i/${token}`);
    await r.start();
    await r.answerAbout();
    const saved = await r.send({ action: 'save' });
    assert.equal(saved.statusCode, 200);
    assert.equal(h1(saved.body), 'Your answers have been saved');
    assert.doesNotMatch(saved.body, /data-testid="resume-code"/);
    assert.match(text(saved.body), /open the link in your email again/);
    const resume = await r.agent.get(`/i/${token}/resume`);
    assert.equal(resume.statusCode, 303);
    assert.equal(resume.headers.location, `/i/${token}`);
  });

  it('keeps unfinished answers sealed: the database cannot read them', async () => {
    const { token } = await invite('sealed@school.test');
    const r = new Respondent(t.app, `/i/${token}`);
    await r.start();
    await r.answerAbout();
    const items = radioNames(r.html);
    await r.send({
      ...Object.fromEntries(items.map((name) => [name, '5'])),
      comment: 'Secret remark',
      action: 'save',
    });
    const stored = JSON.stringify(await drafts());
    assert.ok(items.length > 0);
    for (const item of items) assert.ok(!stored.includes(item), `no item key ${item}`);
    for (const clear of ['Secret remark', 'frontline', '"a":', token, sha256(token)])
      assert.ok(!stored.includes(clear), `nothing in clear: ${clear}`);
  });

  it('keeps a draft until the questionnaire closes, then purges it and says it is closed', async () => {
    const round = await addRound(t.db, world.alpha.id);
    const q = await addQuestionnaire(t.db, world.alpha.id, round.id, {
      audience: 'leaders-managers',
      areaKeys: ['complementary-roles'],
      closesOn: '2099-03-31',
    });
    const { token } = await invite('closing@school.test', 'schools', q.id);
    await new Respondent(t.app, `/i/${token}`).start();
    const expiry = () =>
      t.db.withTrust(world.alpha.id, (tx) =>
        queryRows<{ expires_on: string }>(
          tx,
          sql`select expires_on::text from invitation_drafts where questionnaire_id = ${q.id}`,
        ),
      );
    assert.deepEqual(await expiry(), [{ expires_on: '2099-03-31' }]);
    await t.db.asSystem(purgeExpired);
    assert.equal((await expiry()).length, 1, 'kept while the questionnaire is open');
    // Past its recorded day, but the questionnaire's closing day moved later: kept.
    await t.db.withTrust(world.alpha.id, (tx) =>
      tx.execute(
        sql`update invitation_drafts set expires_on = '2020-03-31' where questionnaire_id = ${q.id}`,
      ),
    );
    await t.db.asSystem(purgeExpired);
    assert.equal((await expiry()).length, 1, 'kept while the questionnaire is still open');
    await t.db.withTrust(world.alpha.id, async (tx) => {
      await tx
        .update(questionnaires)
        .set({ closesOn: '2020-03-31' })
        .where(eq(questionnaires.id, q.id));
      await tx.execute(
        sql`update invitation_drafts set expires_on = '2020-03-31' where questionnaire_id = ${q.id}`,
      );
    });
    await t.db.asSystem(purgeExpired);
    assert.equal((await expiry()).length, 0, 'purged after the closing day');
    const page = await new Respondent(t.app, `/i/${token}`).open();
    assert.equal(h1(page.body), 'This questionnaire is closed');
  });

  it('answers an unknown invitation with "We cannot find this questionnaire"', async () => {
    const r = new Respondent(t.app, `/i/${randomBytes(32).toString('base64url')}`);
    const page = await r.open();
    assert.equal(page.statusCode, 404);
    assert.equal(h1(page.body), 'We cannot find this questionnaire');
  });

  it('does not take answers begun on an open link through an invitation', async () => {
    const { token } = await invite('mixed@school.test', null);
    const link = await addLink(t.db, world.alpha.id, questionnaireId);
    const r = new Respondent(t.app, `/q/${link.code}`);
    await r.start();
    await r.toCheck('3');
    const before = await countRows(t.db, world.alpha.id, 'responses');
    const response = await r.agent.post(`/i/${token}/submit`);
    assert.equal(response.statusCode, 200);
    assert.equal(h1(response.body), 'Continue where you left off');
    assert.equal(await countRows(t.db, world.alpha.id, 'responses'), before);
  });
});
