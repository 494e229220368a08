import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, questionnaires } from '../../db/schema/index.ts';
import { addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { exampleProblems } from '../../../test/api-examples.ts';
import { useApp } from '../../../test/build.ts';
import { storeResponses } from '../responses/store.ts';
import { questionnairesApi } from './api.ts';

interface Detail {
  id: string;
  title: string;
  areas: string[];
  opensOn: string;
  closesOn: string;
  aboutYou: string[];
  languages: string[];
  pages: { key: string }[];
}

interface ErrorBody {
  type: string;
  errors?: { field: string; message: string }[];
}

describe('changing a questionnaire in the API (PATCH), as its edit page does', () => {
  const t = useApp({ tokens: ['trust-admin', 'contributor', 'viewer', 'beta'] });
  let roundId = '';
  let qId = '';
  let url = '';

  const stored = async () => {
    const [row] = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(questionnaires).where(eq(questionnaires.id, qId)),
    );
    assert.ok(row);
    return row;
  };
  const fields = (body: ErrorBody) => (body.errors ?? []).map((e) => e.field);

  it('changes the fields given and keeps the others, audited', async () => {
    await addSectors(t.db, t.alpha.id);
    roundId = (await addRound(t.db, t.alpha.id)).id;
    qId = (await addQuestionnaire(t.db, t.alpha.id, roundId, { closesOn: '2026-11-30' })).id;
    url = `/api/v1/trusts/alpha/rounds/${roundId}/questionnaires/${qId}`;
    const response = await t.api('trust-admin', 'PATCH', url, {
      title: 'Frontline 2026',
      areas: ['keeping-safe'],
      aboutYou: ['sector', 'locality'],
      languages: ['cy'],
      closesOn: '2026-12-15',
    });
    assert.equal(response.statusCode, 200);
    const body = response.json<Detail>();
    assert.equal(body.title, 'Frontline 2026');
    assert.deepEqual(body.areas, ['keeping-safe']);
    assert.deepEqual(
      body.pages.map((p) => p.key),
      ['keeping-safe'],
    );
    assert.deepEqual(body.aboutYou, ['sector', 'locality']);
    assert.deepEqual(body.languages, ['en', 'cy']);
    assert.equal(body.opensOn, '2026-01-01');
    assert.equal(body.closesOn, '2026-12-15');
    const row = await stored();
    assert.equal(row.title, 'Frontline 2026');
    assert.equal(row.askLocality, true);
    const [entry] = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'updated questionnaire')),
    );
    assert.equal(entry?.entityId, qId);
    assert.equal(entry.actor, 'API token: test trust-admin');
  });

  it('refuses bad changes with field errors, saving none of the change', async () => {
    const before = await stored();
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '' }, 'title'],
      [{ audience: 'pets' }, 'audience'],
      [{ areas: [] }, 'areas'],
      [{ areas: ['purple'] }, 'areas'],
      [{ drillDown: 'nonsense' }, 'drillDown'],
      [{ languages: ['xx'] }, 'languages'],
      [{ aboutYou: ['shoe-size'] }, 'aboutYou.0'],
      [{ opensOn: '2026-13-01' }, 'opensOn'],
      [{ closesOn: '2030-01-01' }, 'closesOn'],
      [{ title: 'Fine', closesOn: '2025-01-01' }, 'closesOn'],
    ];
    for (const [body, field] of cases) {
      const response = await t.api('trust-admin', 'PATCH', url, body);
      assert.equal(response.statusCode, 400, field);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      assert.ok(fields(response.json<ErrorBody>()).includes(field), field);
    }
    assert.deepEqual(await stored(), before);
  });

  it('changes only the dates once the questionnaire has responses', async () => {
    await t.db.withTrust(t.alpha.id, (tx) =>
      storeResponses(tx, t.alpha.id, [
        {
          roundId,
          questionnaireId: qId,
          audience: 'frontline',
          sectorKey: 'health',
          roleLevel: null,
          locality: null,
          language: 'en',
          source: 'online' as const,
          submissionKey: 'edit-test-1',
          answers: [],
          comments: [],
        },
      ]),
    );
    const before = await stored();
    const locked = await t.api('trust-admin', 'PATCH', url, {
      title: 'Renamed',
      areas: ['shared-identity'],
      closesOn: '2026-12-20',
    });
    assert.equal(locked.statusCode, 400);
    assert.deepEqual(fields(locked.json<ErrorBody>()), ['title', 'areas']);
    assert.equal(
      locked.json<ErrorBody>().errors?.[0]?.message,
      'This questionnaire has responses, so only its dates can change',
    );
    assert.deepEqual(await stored(), before);
    // Sending the stored values back with new dates is fine.
    const dates = await t.api('trust-admin', 'PATCH', url, {
      title: before.title,
      areas: before.areaKeys,
      closesOn: '2026-12-20',
    });
    assert.equal(dates.statusCode, 200);
    assert.equal(dates.json<Detail>().closesOn, '2026-12-20');
    assert.equal((await stored()).closesOn, '2026-12-20');
  });

  it('refuses other roles (403) and another trust (404)', async () => {
    const before = await stored();
    for (const holder of ['viewer', 'contributor'] as const)
      assert.equal((await t.api(holder, 'PATCH', url, { title: 'No' })).statusCode, 403);
    const theirs = `/api/v1/trusts/beta/rounds/${roundId}/questionnaires/${qId}`;
    assert.equal((await t.api('beta', 'PATCH', theirs, { title: 'No' })).statusCode, 404);
    assert.equal((await t.api('beta', 'PATCH', url, { title: 'No' })).statusCode, 404);
    assert.deepEqual(await stored(), before);
  });

  it('gives every questionnaires operation an example that its schemas accept', () => {
    const operations = questionnairesApi({
      db: t.db,
      mailer: t.outbox,
      config: t.config,
    });
    assert.deepEqual(exampleProblems(operations), []);
  });
});
