import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, workshopRatings, workshops } from '../../db/schema/index.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import { exampleProblems } from '../../../test/api-examples.ts';
import { useApp } from '../../../test/build.ts';
import { workshopsApi } from './api.ts';

interface WorkshopBody {
  id: string;
  kind: string;
  title: string;
  heldOn: string;
  facilitator: string;
  participants: { sector: string; count: number }[];
  participantsTotal: number;
  notes: string;
  dimensionsRated: number;
  ratings: { dimension: string; score: number | null; stage: number | null; reasons: string }[];
}

interface ErrorBody {
  type: string;
  errors?: { field: string; message: string }[];
}

describe('changing, rating and removing a workshop in the API, as its pages do', () => {
  const t = useApp({ tokens: ['trust-admin', 'contributor', 'viewer', 'beta'] });
  let roundId = '';
  let base = '';
  let url = '';

  const stored = () =>
    t.db.withTrust(t.alpha.id, async (tx) => ({
      workshops: await tx.select().from(workshops),
      ratings: await tx.select().from(workshopRatings),
    }));
  const audited = (action: string) =>
    t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, action)),
    );
  const fields = (body: ErrorBody) => (body.errors ?? []).map((e) => e.field);

  it('changes the details given and keeps the rest, ratings included', async () => {
    await addSectors(t.db, t.alpha.id);
    roundId = (await addRound(t.db, t.alpha.id)).id;
    base = `/api/v1/trusts/alpha/rounds/${roundId}/workshops`;
    const created = await t.api('contributor', 'POST', base, {
      kind: 'analysis-workshop',
      title: 'Analysis',
      heldOn: '2026-06-01',
      facilitator: 'Lead',
      participants: [{ sector: 'health', count: 4 }],
      ratings: [
        { dimension: 'shared-vision', score: 2.5, stage: 2 },
        { dimension: 'safeguarding-training', score: 4 },
      ],
    });
    assert.equal(created.statusCode, 201);
    url = `${base}/${created.json<WorkshopBody>().id}`;
    const response = await t.api('contributor', 'PATCH', url, {
      title: 'Analysis workshop',
      participants: [
        { sector: 'schools', count: 6 },
        { sector: 'health', count: 3 },
      ],
    });
    assert.equal(response.statusCode, 200);
    const body = response.json<WorkshopBody>();
    assert.equal(body.title, 'Analysis workshop');
    assert.equal(body.facilitator, 'Lead');
    assert.equal(body.heldOn, '2026-06-01');
    assert.equal(body.participantsTotal, 9);
    assert.equal(body.dimensionsRated, 2);
    const [entry] = await audited('changed a workshop');
    assert.equal(entry?.entityId, body.id);
    assert.equal(entry.actor, 'API token: test contributor');
  });

  it('refuses bad changes with field errors, saving nothing', async () => {
    const before = await stored();
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'meeting' }, 'kind'],
      [{ title: '' }, 'title'],
      [{ heldOn: '2026-02-30' }, 'heldOn'],
      [{ heldOn: '2028-01-01' }, 'heldOn'],
      [{ facilitator: '' }, 'facilitator'],
      [{ participants: [{ sector: 'police', count: 2 }] }, 'participants.0.sector'],
      [{ participants: [{ sector: 'health', count: 0 }] }, 'participants.0.count'],
      [
        {
          participants: [
            { sector: 'health', count: 1 },
            { sector: 'health', count: 2 },
          ],
        },
        'participants.1.sector',
      ],
      [{ notes: 'x'.repeat(2001) }, 'notes'],
    ];
    for (const [body, field] of cases) {
      const response = await t.api('contributor', 'PATCH', url, body);
      assert.equal(response.statusCode, 400, field);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      assert.deepEqual(fields(response.json<ErrorBody>()), [field], field);
    }
    assert.deepEqual(await stored(), before);
  });

  it("records an area's ratings at once, leaving other areas alone", async () => {
    const response = await t.api('contributor', 'PUT', `${url}/areas/shared-identity`, {
      ratings: [
        { dimension: 'vision-known', score: 3.5, stage: 3, reasons: 'Known widely' },
        { dimension: 'one-workforce', reasons: 'Not agreed' },
      ],
    });
    assert.equal(response.statusCode, 200);
    const ratings = response.json<WorkshopBody>().ratings;
    // shared-vision was left out, so it has no rating now; keeping-safe's rating stays.
    assert.deepEqual(ratings.map((r) => r.dimension).sort(), [
      'one-workforce',
      'safeguarding-training',
      'vision-known',
    ]);
    assert.equal(ratings.find((r) => r.dimension === 'vision-known')?.score, 3.5);
    const [entry] = await audited('recorded workshop ratings');
    assert.equal((entry?.details as { area: string }).area, 'shared-identity');
    assert.equal(entry?.actor, 'API token: test contributor');
  });

  it('refuses bad ratings with field errors, saving none of them', async () => {
    const before = await stored();
    const rating = (r: Record<string, unknown>) => ({
      ratings: [{ dimension: 'shared-vision', ...r }],
    });
    const cases: [unknown, string][] = [
      [{ ratings: [{ dimension: 'safeguarding-training', score: 3 }] }, 'ratings.0.dimension'],
      [
        { ratings: [{ dimension: 'shared-vision' }, { dimension: 'shared-vision' }] },
        'ratings.1.dimension',
      ],
      [rating({ score: 5.5 }), 'ratings.0.score'],
      [rating({ score: 2.55 }), 'ratings.0.score'],
      [rating({ score: 2.5, stage: 3 }), 'ratings.0.stage'],
      [rating({ evidenceLinks: ['ftp://example.org'] }), 'ratings.0.evidenceLinks'],
      [{ ratings: 'none' }, 'ratings'],
      [{}, 'ratings'],
    ];
    for (const [body, field] of cases) {
      const response = await t.api('contributor', 'PUT', `${url}/areas/shared-identity`, body);
      assert.equal(response.statusCode, 400, field);
      assert.deepEqual(fields(response.json<ErrorBody>()), [field], field);
    }
    const mixed = await t.api('contributor', 'PUT', `${url}/areas/shared-identity`, {
      ratings: [{ dimension: 'vision-known', score: 1 }, { dimension: 'nonsense' }],
    });
    assert.equal(mixed.statusCode, 400);
    assert.deepEqual(await stored(), before);
    const unknown = await t.api('contributor', 'PUT', `${url}/areas/purple`, { ratings: [] });
    assert.equal(unknown.statusCode, 404);
  });

  it('refuses a viewer token (403) and hides the workshop from another trust (404)', async () => {
    const before = await stored();
    assert.equal((await t.api('viewer', 'PATCH', url, { title: 'No' })).statusCode, 403);
    assert.equal((await t.api('viewer', 'DELETE', url)).statusCode, 403);
    const area = `${url}/areas/shared-identity`;
    assert.equal((await t.api('viewer', 'PUT', area, { ratings: [] })).statusCode, 403);
    const theirs = url.replace('/trusts/alpha/', '/trusts/beta/');
    assert.equal((await t.api('beta', 'PATCH', theirs, { title: 'No' })).statusCode, 404);
    assert.equal((await t.api('beta', 'DELETE', theirs)).statusCode, 404);
    const theirArea = `${theirs}/areas/shared-identity`;
    assert.equal((await t.api('beta', 'PUT', theirArea, { ratings: [] })).statusCode, 404);
    assert.equal((await t.api('beta', 'DELETE', url)).statusCode, 404);
    assert.deepEqual(await stored(), before);
  });

  it('removes the workshop with its ratings (204), audited', async () => {
    const removed = await t.api('trust-admin', 'DELETE', url);
    assert.equal(removed.statusCode, 204);
    const now = await stored();
    assert.equal(now.workshops.length, 0);
    assert.equal(now.ratings.length, 0);
    const [entry] = await audited('removed a workshop');
    assert.equal(entry?.actor, 'API token: test trust-admin');
    assert.equal((await t.api('trust-admin', 'DELETE', url)).statusCode, 404);
    assert.equal((await t.api('trust-admin', 'PATCH', url, { title: 'x' })).statusCode, 404);
  });

  it('gives every workshops operation an example that its schemas accept', () => {
    assert.deepEqual(exampleProblems(workshopsApi()), []);
  });
});
