import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiToken,
  createTestApp,
  seedWorld,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { loadFrameworkFiles, syncFrameworkVersions } from './repository.ts';

interface ItemOut {
  key: string;
  text: string;
  audiences: string[];
  reverse: boolean;
}

interface VersionOut {
  key: string;
  title: string;
  status: string;
  publishedAt: string | null;
  inUse: boolean;
  stages: { number: number; name: string; minScore: number; maxScore: number | null }[];
  audiences: { key: string; name: string; plainLanguage: boolean }[];
  scale: { labels: string[]; plainLabels: string[]; dontKnow: string; notApplicable: string };
  areas: {
    key: string;
    colour: string;
    name: string;
    dimensions: { key: string; name: string; items: ItemOut[] }[];
  }[];
  drillDowns: { key: string; areaKey: string; practices: { items: ItemOut[] }[] }[];
}

describe('framework API', () => {
  let t: TestApp;
  let world: World;
  let viewerToken: string;
  let adminToken: string;
  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    viewerToken = await apiToken(t.db, world.alpha.id, 'viewer');
    adminToken = await apiToken(t.db, null, 'system-admin');
    const [shipped] = loadFrameworkFiles();
    assert.ok(shipped);
    await t.db.asSystem((tx) =>
      syncFrameworkVersions(tx, [{ ...shipped, key: '2099.1', title: 'Draft', status: 'draft' }]),
    );
  });
  after(() => t.close());

  const get = (url: string, token?: string) =>
    t.app.inject({
      method: 'GET',
      url,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  it('lists published versions, and drafts too for a system admin token', async () => {
    const response = await get('/api/v1/framework/versions', viewerToken);
    assert.equal(response.statusCode, 200);
    const versions =
      response.json<
        { key: string; status: string; publishedAt: string | null; inUse: boolean; title: string }[]
      >();
    assert.equal(versions.length, 1);
    const [version] = versions;
    assert.equal(version?.key, '2026.1');
    assert.equal(version.title, "One Children's Workforce Framework 2026");
    assert.equal(version.status, 'published');
    assert.equal(version.inUse, false);
    assert.ok(version.publishedAt !== null && !Number.isNaN(Date.parse(version.publishedAt)));
    const all = (await get('/api/v1/framework/versions', adminToken)).json<
      { key: string; status: string }[]
    >();
    assert.deepEqual(
      all.map((v) => [v.key, v.status]),
      [
        ['2026.1', 'published'],
        ['2099.1', 'draft'],
      ],
    );
  });

  it('returns a version with stages, audiences, scale, areas, items and drill-downs', async () => {
    const response = await get('/api/v1/framework/versions/2026.1', viewerToken);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /application\/json/);
    const version = response.json<VersionOut>();
    assert.equal(version.key, '2026.1');
    assert.equal(version.inUse, false);
    assert.deepEqual(
      version.stages.map((s) => [s.number, s.name, s.minScore, s.maxScore]),
      [
        [1, 'Fragmented', 1, 2],
        [2, 'Emerging', 2, 3],
        [3, 'Developing', 3, 4],
        [4, 'Reformed and integrated', 4, null],
      ],
    );
    assert.deepEqual(
      version.audiences.map((a) => a.key),
      ['leaders-managers', 'frontline', 'children-young-people', 'parents-carers'],
    );
    assert.equal(version.scale.labels.length, 5);
    assert.equal(version.scale.dontKnow, "Don't know");
    assert.equal(version.areas.length, 7);
    assert.deepEqual(
      version.areas.map((a) => a.colour),
      ['red', 'orange', 'yellow', 'green', 'blue', 'indigo', 'violet'],
    );
    const items = version.areas.flatMap((a) => a.dimensions.flatMap((d) => d.items));
    assert.ok(items.length > 100);
    for (const item of items) {
      assert.match(item.key, /^[a-z]+\.[a-z0-9-]+\.[a-z0-9]+$/);
      assert.ok(item.text.length >= 10);
      assert.ok(item.audiences.length >= 1);
      assert.equal(typeof item.reverse, 'boolean');
    }
    assert.equal(new Set(items.map((i) => i.key)).size, items.length);
    assert.ok(items.some((i) => i.key === 'red.vision-known.p3' && i.reverse));
    assert.ok(items.some((i) => i.key === 'red.shared-vision.p1' && !i.reverse));
    for (const area of version.areas) {
      assert.ok(area.dimensions.length >= 4 && area.dimensions.length <= 6, area.key);
      for (const dimension of area.dimensions) {
        const audiences = new Set(dimension.items.flatMap((i) => i.audiences));
        assert.equal(audiences.size, 4, dimension.key);
      }
    }
    assert.equal(version.drillDowns.length, 1);
    const [drill] = version.drillDowns;
    assert.ok(drill);
    assert.equal(drill.areaKey, 'integrated-working');
    assert.equal(drill.practices.length, 4);
  });

  it('answers 401 without a valid token', async () => {
    for (const url of ['/api/v1/framework/versions', '/api/v1/framework/versions/2026.1']) {
      const missing = await get(url);
      assert.equal(missing.statusCode, 401);
      assert.equal(missing.json<{ error: string }>().error, 'unauthorised');
      assert.equal((await get(url, 'ocw_not-a-real-token-at-all-0000')).statusCode, 401);
    }
  });

  it('answers 404 JSON for an unknown version, and for a draft unless the token is a system admin’s', async () => {
    const unknown = await get('/api/v1/framework/versions/1999.1', viewerToken);
    assert.equal(unknown.statusCode, 404);
    assert.match(String(unknown.headers['content-type']), /^application\/problem\+json/);
    assert.deepEqual(unknown.json(), {
      type: 'urn:ocw:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'No such framework version',
      error: 'not_found',
      message: 'No such framework version',
    });
    assert.equal(
      (await get(`/api/v1/framework/versions/${'9'.repeat(60)}`, viewerToken)).statusCode,
      404,
    );
    assert.equal((await get('/api/v1/framework/versions/2099.1', viewerToken)).statusCode, 404);
    const draft = await get('/api/v1/framework/versions/2099.1', adminToken);
    assert.equal(draft.statusCode, 200);
    assert.equal(draft.json<VersionOut>().status, 'draft');
  });
});
