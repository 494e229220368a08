import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { actionValues } from '../../../../test/actions-world.ts';
import {
  addAnsweredResponses,
  addRound,
  addSectors,
  frameworkVersion,
  type AnsweringPerson,
} from '../../../../test/fixtures.ts';
import { dom, useApp } from '../../../../test/build.ts';
import type { FrameworkVersion } from '../../framework/index.ts';
import { createAction, listFocusAreas } from '../index.ts';

// The plan against a round: its suggested focus areas, adopting one, the round's focus
// areas with their actions, the "Agree actions" task through its four states, and the
// "Create an action" links of the analysis pages.

describe('the plan against a round', () => {
  const t = useApp({ signIn: ['contributor', 'viewer', 'action-lead'] });
  let version: FrameworkVersion;
  let roundId = '';
  let collectingId = '';
  let base = '';
  const focusAreas = () => t.db.withTrust(t.alpha.id, (tx) => listFocusAreas(tx, { roundId }));

  /** The status of the round's "Agree actions" task, and where it links. */
  async function agreeTask(id: string) {
    const page = dom((await t.as('viewer').get(`/trusts/alpha/rounds/${id}`)).body);
    const item = page.root
      .querySelectorAll('.govuk-task-list__item')
      .find((li) => li.text.includes('Agree actions'));
    return {
      status: item?.querySelector('.govuk-task-list__status')?.text.replace(/\s+/g, ' ').trim(),
      href: item?.querySelector('a')?.getAttribute('href'),
    };
  }

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    version = await frameworkVersion(t.db);
    roundId = (await addRound(t.db, t.alpha.id, { title: 'Alpha 2026', status: 'analysing' })).id;
    collectingId = (await addRound(t.db, t.alpha.id, { title: 'Alpha 2027' })).id;
    base = `/trusts/alpha/rounds/${roundId}`;
    const people: AnsweringPerson[] = [];
    for (const sector of ['health', 'schools'])
      for (let p = 0; p < 11; p++)
        people.push({
          sector,
          audience: p < 6 ? 'frontline' : 'leaders-managers',
          value: (_key, i) => (sector === 'health' ? 4 : 1) + ((i + p) % 2),
        });
    await addAnsweredResponses(t.db, t.alpha.id, roundId, version, people);
  });

  it('cannot start before a round has results, and says so', async () => {
    assert.deepEqual(await agreeTask(collectingId), {
      status: 'Cannot start yet',
      href: undefined,
    });
    const page = await t.as('viewer').get(`/trusts/alpha/rounds/${collectingId}/actions`);
    assert.equal(page.statusCode, 200);
    assert.match(dom(page.body).text('[data-testid="no-results"]') ?? '', /no released results/);
  });

  it('is not yet started once results exist, with the suggestions for every role', async () => {
    assert.deepEqual(await agreeTask(roundId), {
      status: 'Not yet started',
      href: `${base}/actions`,
    });
    const page = dom((await t.as('viewer').get(`${base}/actions`)).body);
    const suggestions = page.texts('[data-testid="suggestions"] > li');
    assert.ok(suggestions.length > 0);
    assert.ok(
      suggestions.some((s) => /One of the weakest dimensions\. Scored \d\.\d/.test(s)),
      suggestions.join(' | '),
    );
    assert.equal(page.has('[data-testid="adopt"]'), false);
    assert.equal(page.has('[data-testid="create-action"]'), false);
    assert.ok(page.has('[data-testid="no-round-focus-areas"]'));
  });

  it('refuses a viewer and an action lead who post an adoption', async () => {
    const page = dom((await t.as('contributor').get(`${base}/actions`)).body);
    const key = page.root.querySelector('input[name="key"]')?.getAttribute('value') ?? '';
    for (const person of ['viewer', 'action-lead'] as const) {
      const response = await t.as(person).post(`${base}/actions/adopt`, { key });
      assert.equal(response.statusCode, 403, person);
    }
    assert.equal((await focusAreas()).length, 0);
  });

  it('adopts a suggestion as a focus area of the round, once', async () => {
    const page = dom((await t.as('contributor').get(`${base}/actions`)).body);
    const key = page.root.querySelector('input[name="key"]')?.getAttribute('value') ?? '';
    const title = page.text('[data-testid="suggestions"] > li h3') ?? '';
    const adopted = await t.as('contributor').post(`${base}/actions/adopt`, { key });
    assert.equal(adopted.statusCode, 303);
    assert.equal(adopted.headers.location, `${base}/actions?done=adopted`);
    const [area] = await focusAreas();
    assert.ok(area);
    assert.equal(area.title, title);
    assert.equal(area.roundId, roundId);
    assert.equal(area.source, key.split(':')[0]);
    assert.equal(area.frameworkVersion, version.key);
    assert.match(area.description, /\d\.\d/);
    const again = await t.as('contributor').post(`${base}/actions/adopt`, { key });
    assert.equal(again.headers.location, `${base}/actions?done=already`);
    const unknown = await t.as('contributor').post(`${base}/actions/adopt`, { key: 'nothing' });
    assert.equal(unknown.headers.location, `${base}/actions?done=gone`);
    assert.equal((await focusAreas()).length, 1);

    const after = dom((await t.as('contributor').get(`${base}/actions`)).body);
    assert.match(
      after.text('[data-testid="adopted"]') ?? '',
      new RegExp(`Adopted as the focus area ${title}`),
    );
    assert.equal(after.text('[data-testid="no-actions"]'), 'No actions yet.');
    assert.equal(
      after.root.querySelector('[data-testid="create-action"]')?.getAttribute('href'),
      `/trusts/alpha/actions/new?round=${roundId}&focusArea=${area.id}`,
    );
    const list = dom((await t.as('viewer').get('/trusts/alpha/focus-areas')).body);
    assert.match(
      list.rows('[data-testid="focus-areas"]')[1]?.[2] ?? '',
      /^Suggested: .*, Alpha 2026$/,
    );
  });

  it('is in progress with a focus area, and completed once it has an action', async () => {
    assert.equal((await agreeTask(roundId)).status, 'In progress');
    const [area] = await focusAreas();
    const created = await t.db.withTrust(t.alpha.id, (tx) =>
      createAction(
        tx,
        t.alpha.id,
        { userId: null, label: 'test' },
        actionValues({ title: 'Joint training plan', focusAreaId: area?.id ?? null, roundId }),
      ),
    );
    assert.ok(created.ok);
    assert.equal((await agreeTask(roundId)).status, 'Completed');
    const page = dom((await t.as('viewer').get(`${base}/actions`)).body);
    const rows = page.rows('[data-testid="focus-area-1"]');
    assert.deepEqual(rows[1]?.slice(0, 3), ['1', 'Joint training plan', 'No lead']);
    assert.ok(page.has('[data-testid="focus-area-1"] .govuk-tag'));
    assert.equal((await t.as('viewer').get(`${base}/actions.csv`)).statusCode, 200);
  });

  it('links the analysis to a new action for a writer, not for a viewer', async () => {
    const area = version.areas[0];
    const dimension = area?.dimensions[0];
    const url = `${base}/analysis/areas/${area?.key}`;
    const writer = dom((await t.as('contributor').get(url)).body);
    const href = `/trusts/alpha/actions/new?round=${roundId}&area=${area?.key}&dimension=${dimension?.key}`;
    assert.ok(writer.has(`a[href="${href}"]`), 'area page link');
    const overview = dom((await t.as('contributor').get(`${base}/analysis`)).body);
    assert.ok(overview.has('[data-testid="create-action-area"]'));
    const viewer = dom((await t.as('viewer').get(url)).body);
    assert.equal(viewer.has('a[href*="/actions/new"]'), false);
    const viewerOverview = dom((await t.as('viewer').get(`${base}/analysis`)).body);
    assert.equal(viewerOverview.has('a[href*="/actions/new"]'), false);
  });
});
