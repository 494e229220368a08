import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { invitations } from '../../db/schema.ts';
import { sha256 } from '../people/passwords.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { createTestApp, seedWorld, text, type TestApp, type World } from '../../../test/helpers.ts';
import { countRows, h1, Respondent, stateOf } from './testing.ts';

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

  async function invite(email: string, sectorKey: string | null = 'schools') {
    const token = randomBytes(32).toString('base64url');
    const [row] = await t.db.withTrust(world.alpha.id, (tx) =>
      tx
        .insert(invitations)
        .values({
          trustId: world.alpha.id,
          questionnaireId,
          email,
          sectorKey,
          tokenHash: sha256(token),
        })
        .returning(),
    );
    assert.ok(row);
    return { token, id: row.id };
  }

  const answered = async (id: string) => {
    const [row] = await t.db.withTrust(world.alpha.id, (tx) =>
      tx.select({ answered: invitations.answered }).from(invitations).where(eq(invitations.id, id)),
    );
    return row?.answered;
  };

  it('lets the invited person answer once, marks the invitation answered, and links nothing', async () => {
    const { token, id } = await invite('head@school.test');
    const r = new Respondent(t.app, `/i/${token}`);
    const start = await r.open();
    assert.equal(start.statusCode, 200);
    assert.match(text(start.body), /This questionnaire is for: Leaders and managers/);
    await r.start();
    assert.equal(
      h1(r.html),
      'About you',
      'the sector comes from the invitation; the role is asked',
    );
    assert.doesNotMatch(r.html, /name="sector"/);
    await r.toCheck('4');
    const state = stateOf(r.html);
    const before = await countRows(t.db, world.alpha.id, 'responses');
    const [first, second] = await Promise.all([
      r.agent.post(`/i/${token}/submit`, { state }),
      r.agent.post(`/i/${token}/submit`, { state }),
    ]);
    for (const response of [first, second]) {
      assert.equal(response.statusCode, 303, 'a double click gets the confirmation twice');
      assert.equal(response.headers.location, `/i/${token}/done?lang=en`);
    }
    assert.equal(await countRows(t.db, world.alpha.id, 'responses'), before + 1);
    assert.equal(await answered(id), true);
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

    // The second use of the link says it has been answered, and stores nothing.
    const again = new Respondent(t.app, `/i/${token}`);
    const page = await again.open();
    assert.equal(page.statusCode, 410);
    assert.equal(h1(page.body), 'You have already answered');
    const posted = await again.agent.post(`/i/${token}/start`, { lang: 'en' });
    assert.equal(posted.statusCode, 410);
  });

  it('does not take a second set of answers begun before the first was sent', async () => {
    const { token } = await invite('twice@school.test');
    const first = new Respondent(t.app, `/i/${token}`);
    const second = new Respondent(t.app, `/i/${token}`);
    await first.start();
    await second.start();
    await first.toCheck('2');
    await second.toCheck('5');
    assert.equal((await first.submit()).statusCode, 303);
    const before = await countRows(t.db, world.alpha.id, 'responses');
    const late = await second.submit();
    assert.equal(late.statusCode, 410);
    assert.equal(h1(late.body), 'You have already answered');
    assert.equal(await countRows(t.db, world.alpha.id, 'responses'), before);
  });

  it('answers an unknown invitation with "We cannot find this questionnaire"', async () => {
    const r = new Respondent(t.app, `/i/${randomBytes(32).toString('base64url')}`);
    const page = await r.open();
    assert.equal(page.statusCode, 404);
    assert.equal(h1(page.body), 'We cannot find this questionnaire');
  });

  it('does not accept a state begun on an open link', async () => {
    const { token } = await invite('mixed@school.test', null);
    const link = await addLink(t.db, world.alpha.id, questionnaireId);
    const r = new Respondent(t.app, `/q/${link.code}`);
    await r.start();
    await r.toCheck('3');
    const response = await r.agent.post(`/i/${token}/submit`, { state: stateOf(r.html) });
    assert.equal(response.statusCode, 400);
    assert.equal(h1(response.body), 'Sorry, we could not read your answers');
  });
});
