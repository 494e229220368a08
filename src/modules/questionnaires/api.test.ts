import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { invitations, questionnaires } from '../../db/schema/index.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import {
  apiToken,
  createTestApp,
  seedWorld,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { storeResponses } from '../responses/store.ts';

interface ErrorBody {
  error: string;
  message: string;
  errors?: { field: string; message: string }[];
}

interface Detail {
  id: string;
  title: string;
  audience: string;
  areas: string[];
  drillDown: string | null;
  opensOn: string;
  closesOn: string;
  aboutYou: string[];
  languages: string[];
  responses: number;
  pages: { key: string; name: string; questions: number }[];
  links: { id: string; sector: string | null; sectorName: string; url: string; open: boolean }[];
  invitations: {
    invited: number;
    sent: number;
    reminded: number;
    opened: number;
    notOpened: number;
  };
}

describe('questionnaires API', () => {
  let t: TestApp;
  let world: World;
  let adminToken: string;
  let viewerToken: string;
  let betaToken: string;
  let roundId: string;
  let base: string;

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    adminToken = await apiToken(t.db, world.alpha.id, 'trust-admin');
    viewerToken = await apiToken(t.db, world.alpha.id, 'viewer');
    betaToken = await apiToken(t.db, world.beta.id, 'trust-admin');
    await addSectors(t.db, world.alpha.id);
    // Open for years, so that the questionnaires set up here stay open as the tests run.
    const round = await addRound(t.db, world.alpha.id, { endsOn: '2099-12-31' });
    roundId = round.id;
    base = `/api/v1/trusts/alpha/rounds/${roundId}`;
  });
  after(() => t.close());

  const call = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  const good = {
    audience: 'leaders-managers',
    title: 'Leaders 2026',
    areas: ['shared-identity', 'integrated-working'],
    drillDown: 'integrated-working-self-assessment',
    opensOn: '2026-02-01',
    closesOn: '2099-03-31',
    aboutYou: ['sector', 'role-level'],
    languages: ['cy'],
  };

  it('lists no questionnaires at first, for any token of the trust', async () => {
    const response = await call('GET', `${base}/questionnaires`, viewerToken);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), []);
  });

  it('refuses bad questionnaires with field errors, saving nothing', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ areas: [] }, 'areas', /Select at least one area/],
      [{ areas: ['nope'] }, 'areas', /Select areas from the list/],
      [{ closesOn: '2026-01-01' }, 'closesOn', /same as or after the opening date/],
      [{ drillDown: 'nope' }, 'drillDown', /Select a drill-down from the list/],
      [
        { audience: 'children-young-people' },
        'drillDown',
        /has no questions for children and young people/,
      ],
      [{ languages: ['xx'] }, 'languages', /Select languages from the list/],
      [{ audience: 'martians' }, 'audience', /./],
      [{ title: '' }, 'title', /Enter a title/],
      [{ opensOn: '2026-02-30' }, 'opensOn', /./],
      [{ aboutYou: ['shoe-size'] }, 'aboutYou.0', /./],
    ];
    for (const [change, field, message] of cases) {
      const response = await call('POST', `${base}/questionnaires`, adminToken, {
        ...good,
        ...change,
      });
      assert.equal(response.statusCode, 400, JSON.stringify(change));
      const body = response.json<ErrorBody>();
      const error = body.errors?.find((e) => e.field === field);
      assert.ok(error, `${field}: ${JSON.stringify(body.errors)}`);
      assert.match(error.message, message);
    }
    const rows = await t.db.withTrust(world.alpha.id, (tx) => tx.select().from(questionnaires));
    assert.equal(rows.length, 0);
  });

  it('needs a trust admin token to set one up', async () => {
    const response = await call('POST', `${base}/questionnaires`, viewerToken, good);
    assert.equal(response.statusCode, 403);
  });

  let q: Detail;

  it('sets up a questionnaire and reads it back', async () => {
    const response = await call('POST', `${base}/questionnaires`, adminToken, good);
    assert.equal(response.statusCode, 201, response.body);
    q = response.json<Detail>();
    assert.equal(q.title, 'Leaders 2026');
    assert.deepEqual(q.languages, ['en', 'cy']);
    assert.deepEqual(q.aboutYou, ['sector', 'role-level']);
    assert.equal(q.drillDown, 'integrated-working-self-assessment');
    assert.equal(q.pages.length, 6);
    assert.deepEqual(q.pages[0], {
      key: 'shared-identity',
      name: 'Shared identity, purpose and vision',
      questions: 13,
    });
    assert.deepEqual(q.links, []);
    const read = await call('GET', `${base}/questionnaires/${q.id}`, viewerToken);
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json(), q);
    const list = await call('GET', `${base}/questionnaires`, viewerToken);
    assert.deepEqual(
      list.json<{ id: string; responses: number }[]>().map((r) => [r.id, r.responses]),
      [[q.id, 0]],
    );
    const defaults = await call('POST', `${base}/questionnaires`, adminToken, {
      audience: 'frontline',
      title: 'All areas',
      opensOn: '2026-02-01',
      closesOn: '2026-03-01',
    });
    assert.equal(defaults.statusCode, 201);
    const d = defaults.json<Detail>();
    assert.equal(d.areas.length, 7);
    assert.deepEqual(d.languages, ['en']);
    assert.deepEqual(d.aboutYou, ['sector']);
  });

  it('creates links, one per sector', async () => {
    const url = `${base}/questionnaires/${q.id}/links`;
    const health = await call('POST', url, adminToken, { sector: 'health' });
    assert.equal(health.statusCode, 201);
    const link = health.json<Detail['links'][number]>();
    assert.equal(link.sector, 'health');
    assert.equal(link.sectorName, 'Health');
    assert.match(link.url, /^http:\/\/ocw\.test\/q\/[A-Za-z0-9_-]{12}$/);
    assert.equal(link.open, true);
    const any = await call('POST', url, adminToken, { sector: null });
    assert.equal(any.statusCode, 201);
    assert.equal(any.json<{ sector: null }>().sector, null);
    const twice = await call('POST', url, adminToken, { sector: 'health' });
    assert.equal(twice.statusCode, 400);
    assert.match(twice.json<ErrorBody>().errors?.[0]?.message ?? '', /already has a link/);
    const unknown = await call('POST', url, adminToken, { sector: 'pirates' });
    assert.equal(unknown.statusCode, 400);
    const missing = await call('POST', url, adminToken, {});
    assert.equal(missing.statusCode, 400);
    assert.equal((await call('POST', url, viewerToken, { sector: 'schools' })).statusCode, 403);
    const read = await call('GET', `${base}/questionnaires/${q.id}`, viewerToken);
    assert.deepEqual(
      read.json<Detail>().links.map((l) => l.sector),
      [null, 'health'],
    );
  });

  it('invites people, skipping repeats, and refuses bad addresses whole', async () => {
    const url = `${base}/questionnaires/${q.id}/invitations`;
    const bad = await call('POST', url, adminToken, {
      emails: ['ok@example.org', 'not an email'],
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json<ErrorBody>().errors?.map((e) => e.field),
      ['emails.1'],
    );
    const badSector = await call('POST', url, adminToken, {
      emails: ['ok@example.org'],
      sector: 'pirates',
    });
    assert.equal(badSector.statusCode, 400);
    const rows = () =>
      t.db.withTrust(world.alpha.id, (tx) =>
        tx.select().from(invitations).where(eq(invitations.questionnaireId, q.id)),
      );
    assert.equal((await rows()).length, 0);
    const added = await call('POST', url, adminToken, {
      emails: ['a@example.org', 'B@example.org', 'a@example.org'],
      sector: 'schools',
    });
    assert.equal(added.statusCode, 201);
    assert.deepEqual(added.json(), { added: 2, skipped: 1 });
    const again = await call('POST', url, adminToken, {
      emails: ['b@example.org', 'c@example.org'],
    });
    assert.deepEqual(again.json(), { added: 1, skipped: 1 });
    assert.equal(
      (await call('POST', url, viewerToken, { emails: ['z@example.org'] })).statusCode,
      403,
    );

    const sent = await call('POST', `${url}/send`, adminToken);
    assert.equal(sent.statusCode, 200);
    assert.deepEqual(sent.json(), { mailed: 3 });
    assert.equal(t.outbox.mails.length, 3);
    assert.match(
      t.outbox.lastTo('c@example.org')?.text ?? '',
      /http:\/\/ocw\.test\/i\/[A-Za-z0-9_-]+/,
    );
    const reminded = await call('POST', `${url}/remind`, adminToken);
    assert.deepEqual(reminded.json(), { mailed: 3 });
    const none = await call('POST', `${url}/remind`, adminToken);
    assert.deepEqual(none.json(), { mailed: 0 });
    const read = await call('GET', `${base}/questionnaires/${q.id}`, viewerToken);
    assert.deepEqual(read.json<Detail>().invitations, {
      invited: 3,
      sent: 3,
      reminded: 3,
      opened: 0,
      notOpened: 3,
    });
    // The reminder carries the first email's link; the list says whose link was opened.
    const mailsToC = t.outbox.mails.filter((m) => m.to === 'c@example.org');
    assert.equal(mailsToC.length, 2);
    const linkOf = (body: string) => /http:\/\/ocw\.test\/i\/[A-Za-z0-9_-]+/.exec(body)?.[0];
    assert.equal(linkOf(mailsToC[1]?.text ?? ''), linkOf(mailsToC[0]?.text ?? ''));
    await t.app.inject({ method: 'GET', url: (linkOf(mailsToC[0]?.text ?? '') ?? '').slice(15) });
    const list = await call('GET', url, adminToken);
    assert.equal(list.statusCode, 200);
    const people = list.json<{ invitations: { email: string; status: string }[] }>().invitations;
    assert.deepEqual(people.map((p) => [p.email, p.status]).sort(), [
      ['a@example.org', 'not opened'],
      ['b@example.org', 'not opened'],
      ['c@example.org', 'opened'],
    ]);
    assert.equal((await call('GET', url, viewerToken)).statusCode, 403);
  });

  it('gives response counts by sector and audience, with the under-represented', async () => {
    await t.db.withTrust(world.alpha.id, (tx) =>
      storeResponses(
        tx,
        world.alpha.id,
        Array.from({ length: 25 }, (_, i) => ({
          roundId,
          questionnaireId: q.id,
          audience: 'leaders-managers',
          sectorKey: i < 22 ? 'health' : null,
          roleLevel: null,
          locality: null,
          language: 'en',
          source: 'online' as const,
          submissionKey: `api-${i}`,
          answers: [],
          comments: [],
        })),
      ),
    );
    const response = await call('GET', `${base}/response-counts`, viewerToken);
    assert.equal(response.statusCode, 200);
    const body = response.json<{
      total: number;
      bySector: {
        sector: string | null;
        responses: number;
        headcount: number | null;
        rate: number | null;
        underRepresented: boolean;
        byAudience: Record<string, number>;
      }[];
      byAudience: { audience: string; responses: number }[];
      underRepresented: (string | null)[];
    }>();
    assert.equal(body.total, 25);
    const health = body.bySector.find((s) => s.sector === 'health');
    assert.ok(health);
    assert.deepEqual([health.responses, health.headcount, health.rate], [22, 200, 0.11]);
    assert.equal(health.underRepresented, false);
    assert.equal(health.byAudience['leaders-managers'], 22);
    assert.equal(body.bySector.find((s) => s.sector === null)?.responses, 3);
    assert.deepEqual(body.underRepresented.sort(), ['early-years', 'schools']);
    assert.deepEqual(
      body.byAudience.map((a) => [a.audience, a.responses]),
      [
        ['leaders-managers', 25],
        ['frontline', 0],
        ['children-young-people', 0],
        ['parents-carers', 0],
      ],
    );
  });

  it('hides other trusts and unknown rounds', async () => {
    for (const url of [
      `${base}/questionnaires`,
      `${base}/questionnaires/${q.id}`,
      `${base}/response-counts`,
    ])
      assert.equal((await call('GET', url, betaToken)).statusCode, 404, url);
    const viaBeta = `/api/v1/trusts/beta/rounds/${roundId}`;
    assert.equal((await call('GET', `${viaBeta}/questionnaires`, betaToken)).statusCode, 404);
    assert.equal(
      (await call('POST', `${viaBeta}/questionnaires/${q.id}/links`, betaToken, { sector: null }))
        .statusCode,
      404,
    );
    assert.equal(
      (await call('GET', '/api/v1/trusts/alpha/rounds/not-a-uuid/questionnaires', adminToken))
        .statusCode,
      404,
    );
    assert.equal(
      (await call('GET', `${base}/questionnaires/00000000-0000-4000-8000-000000000000`, adminToken))
        .statusCode,
      404,
    );
    const noToken = await t.app.inject({ method: 'GET', url: `${base}/questionnaires` });
    assert.equal(noToken.statusCode, 401);
  });

  it('documents the endpoints in OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/api/v1/trusts/{trust}/rounds/{round}/questionnaires',
      '/api/v1/trusts/{trust}/rounds/{round}/questionnaires/{questionnaire}',
      '/api/v1/trusts/{trust}/rounds/{round}/questionnaires/{questionnaire}/links',
      '/api/v1/trusts/{trust}/rounds/{round}/questionnaires/{questionnaire}/invitations',
      '/api/v1/trusts/{trust}/rounds/{round}/response-counts',
    ])
      assert.ok(paths.includes(path), path);
    assert.ok(doc.paths['/api/v1/trusts/{trust}/rounds/{round}/questionnaires']?.post);
  });
});
