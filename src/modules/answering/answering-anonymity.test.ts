import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { sha256 } from '../people/passwords.ts';
import { addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import {
  Agent,
  createTestApp,
  seedWorld,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { draftKey, openDraft } from './draft.ts';
import { h1, radioNames, Respondent } from './testing.ts';

// SPEC §5: nothing ties an invitation to the answers it led to — no shared column,
// transaction (xmin) or time finer than the day — and unfinished answers cannot be read
// from the database alone. Twenty people answer through their invitations, interleaved,
// some on two devices; then everything stored is searched for a link.

const postgres = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '';
const skip = postgres
  ? false
  : 'needs PostgreSQL (transaction ids as PostgreSQL keeps them): set DATABASE_URL';

const PEOPLE = 20;
/** Who answers on a second device (a fresh browser, no cookies) after starting on the first. */
const TWO_DEVICES = new Set([2, 5, 9, 14, 17]);

/** A fixed shuffle, so a failure can be repeated. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 16807) % 2147483647;
    const j = state % (i + 1);
    const a = out[i];
    const b = out[j];
    if (a === undefined || b === undefined) continue;
    out[i] = b;
    out[j] = a;
  }
  return out;
}

describe('nothing links an invitation to its answers', { skip }, () => {
  let t: TestApp;
  let world: World;
  let questionnaireId: string;
  let invitationsPath: string;
  const emails = Array.from(
    { length: PEOPLE },
    (_, i) => `person${String(i).padStart(2, '0')}@example.org`,
  );
  const tokens: string[] = [];

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id);
    const round = await addRound(t.db, world.alpha.id);
    const q = await addQuestionnaire(t.db, world.alpha.id, round.id, {
      areaKeys: ['complementary-roles'],
      askSector: false,
    });
    questionnaireId = q.id;
    invitationsPath = `/trusts/alpha/rounds/${round.id}/questionnaires/${q.id}/invitations`;
    const admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
    await admin.post(invitationsPath, { emails: emails.join('\n') });
    assert.equal((await admin.post(`${invitationsPath}/send`)).statusCode, 303);
    for (const email of emails) {
      const token = /http:\/\/ocw\.test\/i\/([A-Za-z0-9_-]+)/.exec(
        t.outbox.lastTo(email)?.text ?? '',
      )?.[1];
      assert.ok(token, `a link for ${email}`);
      tokens.push(token);
    }
  });
  after(() => t.close());

  const inTrust = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
    t.db.withTrust(world.alpha.id, (tx) => queryRows<T>(tx, query));

  const invitationRows = () =>
    inTrust<{ id: string; xmin: string; opened_on: string | null; token_hash: string }>(
      sql`select id, xmin::text as xmin, opened_on::text, token_hash from invitations
          where questionnaire_id = ${questionnaireId} order by id`,
    );

  /** The random submission key in an invitation's draft, opened with its link's token. */
  async function submissionKey(token: string): Promise<string> {
    const key = draftKey(token);
    const [row] = await inTrust<{ sealed: string }>(
      sql`select sealed from invitation_drafts where locator = ${key.locator}`,
    );
    return openDraft(key, row?.sealed ?? '')?.k ?? '';
  }

  it('stores the answers of twenty people, interleaved, with no shared transaction, column or time', async () => {
    // Everyone opens their link, in the order of the list.
    const people = tokens.map((token) => new Respondent(t.app, `/i/${token}`));
    for (const person of people) assert.equal((await person.open()).statusCode, 200);
    const keyOf = new Map<string, number>();

    // Everyone starts and answers the first page, in a shuffled order.
    for (const i of shuffled([...people.keys()], 7)) {
      const person = people[i];
      assert.ok(person);
      await person.start();
      keyOf.set(await submissionKey(tokens[i] ?? ''), i);
      await person.answerPage(String((i % 5) + 1));
    }

    // Mid-way: drafts exist, sealed, and share no transaction with any invitation.
    const drafts = await inTrust<{ xmin: string; sealed: string; locator: string }>(
      sql`select xmin::text as xmin, sealed, locator from invitation_drafts
          where questionnaire_id = ${questionnaireId}`,
    );
    assert.equal(drafts.length, PEOPLE);
    const midInvitations = await invitationRows();
    assert.ok(midInvitations.every((row) => row.opened_on !== null));
    const invitationXmins = new Set(midInvitations.map((row) => row.xmin));
    for (const draft of drafts) assert.ok(!invitationXmins.has(draft.xmin), 'draft xmin');
    const hashes = new Set(midInvitations.map((row) => row.token_hash));
    for (const draft of drafts) assert.ok(!hashes.has(draft.locator), 'locator is not the hash');

    // Some carry on on a second device; then all send, in another shuffled order.
    const finishing = people.map((person, i) =>
      TWO_DEVICES.has(i) ? new Respondent(t.app, `/i/${tokens[i] ?? ''}`) : person,
    );
    for (const i of TWO_DEVICES) {
      const laptop = finishing[i];
      assert.ok(laptop);
      await laptop.open();
      await laptop.start();
      assert.equal(await submissionKey(tokens[i] ?? ''), [...keyOf].find(([, n]) => n === i)?.[0]);
    }
    const submitted: number[] = [];
    for (const i of shuffled([...people.keys()], 11)) {
      const person = finishing[i];
      assert.ok(person);
      await person.toCheck(String((i % 5) + 1));
      await person.submit();
      assert.equal(person.posted.statusCode, 303, `person ${i} sends`);
      assert.equal(h1(person.html), 'Thank you');
      submitted.push(i);
    }
    // The first device of a person who finished on another finds the answers sent.
    const phone = people[[...TWO_DEVICES][0] ?? 0];
    assert.ok(phone);
    assert.equal(h1((await phone.open()).body), 'Your answers have been sent');

    // 1. No transaction id shared between any invitation and any response, answer or comment.
    const invitationsAfter = await invitationRows();
    const responseRows = await inTrust<{ id: string; xmin: string; submission_key: string }>(
      sql`select id, xmin::text as xmin, submission_key from responses
          where questionnaire_id = ${questionnaireId} order by id`,
    );
    assert.equal(responseRows.length, PEOPLE);
    const stored = await inTrust<{ xmin: string }>(
      sql`select a.xmin::text as xmin from answers a join responses r on r.id = a.response_id
            where r.questionnaire_id = ${questionnaireId}
          union all
          select c.xmin::text from comments c join responses r on r.id = c.response_id
            where r.questionnaire_id = ${questionnaireId}
          union all
          select xmin::text from invitation_drafts`,
    );
    const allInvitationXmins = new Set(
      [...invitationsAfter, ...midInvitations].map((row) => row.xmin),
    );
    for (const row of [...responseRows, ...stored])
      assert.ok(!allInvitationXmins.has(row.xmin), `shared transaction ${row.xmin}`);

    // 2. No column of responses, answers, comments or drafts refers to invitations, and no
    //    value in them is an invitation's id, email, token or token hash.
    const references = await inTrust<{ name: string }>(
      sql`select conname as name from pg_constraint
          where contype = 'f' and confrelid = 'invitations'::regclass`,
    );
    assert.deepEqual(references, []);
    const columns = await inTrust<{ table_name: string; column_name: string; data_type: string }>(
      sql`select table_name, column_name, data_type from information_schema.columns
          where table_schema = current_schema()
            and table_name in ('responses', 'answers', 'comments', 'invitation_drafts')`,
    );
    assert.deepEqual([...new Set(columns.map((c) => c.table_name))].sort(), [
      'answers',
      'comments',
      'invitation_drafts',
      'responses',
    ]);
    for (const c of columns)
      assert.doesNotMatch(c.column_name, /invitation|invite|token|email/, c.column_name);
    const everything = JSON.stringify(
      await inTrust(
        sql`select (select coalesce(json_agg(r), '[]') from responses r) as r,
                   (select coalesce(json_agg(a), '[]') from answers a) as a,
                   (select coalesce(json_agg(c), '[]') from comments c) as c`,
      ),
    );
    for (const row of invitationsAfter) {
      assert.ok(!everything.includes(row.id), 'no invitation id');
      assert.ok(!everything.includes(row.token_hash), 'no token hash');
    }
    for (const secret of [
      ...tokens,
      ...emails,
      ...tokens.map((k) => sha256(`invitation-draft:${k}`)),
    ])
      assert.ok(!everything.includes(secret), 'no token, email or draft locator');

    // 3. No time finer than the day: every date or time column is a date.
    for (const c of columns)
      assert.doesNotMatch(c.data_type, /time|interval/, `${c.table_name}.${c.column_name}`);
    assert.ok(columns.some((c) => c.column_name === 'submitted_on' && c.data_type === 'date'));
    assert.ok(columns.some((c) => c.column_name === 'created_on' && c.data_type === 'date'));

    // 4. Response ids follow neither the invitations' ids, nor opening, nor sending.
    const whose = await inTrust<{ id: string; email: string }>(
      sql`select id, email from invitations where questionnaire_id = ${questionnaireId} order by id`,
    );
    const invitationOrder = whose.map((row) => emails.indexOf(row.email));
    const responseOrder = responseRows.map((row) => keyOf.get(row.submission_key) ?? -1);
    assert.deepEqual(
      [...responseOrder].sort((a, b) => a - b),
      [...people.keys()],
    );
    assert.notDeepEqual(responseOrder, invitationOrder, 'not in the order of invitation ids');
    assert.notDeepEqual(responseOrder, [...people.keys()], 'not in the order of opening');
    assert.notDeepEqual(responseOrder, submitted, 'not in the order of sending');
  });

  it('keeps unfinished answers unreadable from the database alone', async () => {
    const admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
    await admin.post(invitationsPath, { emails: 'unfinished@example.org' });
    await admin.post(`${invitationsPath}/send`);
    const token = /http:\/\/ocw\.test\/i\/([A-Za-z0-9_-]+)/.exec(
      t.outbox.lastTo('unfinished@example.org')?.text ?? '',
    )?.[1];
    assert.ok(token);
    const r = new Respondent(t.app, `/i/${token}`);
    await r.start();
    const items = radioNames(r.html);
    assert.ok(items.length > 0);
    const remark = 'Our team leader never shares the safeguarding plan';
    await r.send({
      ...Object.fromEntries(items.map((item, i) => [item, String((i % 5) + 1)])),
      comment: remark,
      action: 'save',
    });
    const rows = await inTrust<Record<string, unknown>>(
      sql`select * from invitation_drafts where questionnaire_id = ${questionnaireId}`,
    );
    assert.equal(rows.length, 1);
    const raw = JSON.stringify(rows);
    for (const clear of [...items, remark, 'safeguarding', '"a":{', '"c":{', '"k":', token])
      assert.ok(!raw.includes(clear), `nothing in clear: ${clear.slice(0, 20)}`);
    const bytes = await inTrust<{ hex: string }>(
      sql`select encode(convert_to(sealed, 'UTF8'), 'hex') as hex from invitation_drafts
          where questionnaire_id = ${questionnaireId}`,
    );
    const hex = bytes[0]?.hex ?? '';
    for (const clear of [items[0] ?? '', remark])
      assert.ok(!hex.includes(Buffer.from(clear).toString('hex')), 'not in the stored bytes');
    // Only the link opens it again.
    const again = new Respondent(t.app, `/i/${token}`);
    await again.start();
    const first = await again.get(`/i/${token}/page/1`);
    assert.match(first.body, /type="radio" value="1" checked/);
    assert.ok(first.body.includes(remark));
  });
});
