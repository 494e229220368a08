import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { addRound, frameworkVersion } from '../../../../test/fixtures.ts';
import { dom, useApp } from '../../../../test/build.ts';
import type { FrameworkVersion } from '../../framework/index.ts';
import { listFocusAreas } from '../index.ts';

// The focus area pages: writing, changing, ordering and removing a trust's focus areas,
// with bad input refused by the field and nothing stored, and the roles that may do it.

describe('focus area pages', () => {
  const t = useApp({ signIn: ['contributor', 'viewer', 'action-lead', 'betaAdmin'] });
  const base = '/trusts/alpha/focus-areas';
  let version: FrameworkVersion;
  let roundId = '';
  const stored = () => t.db.withTrust(t.alpha.id, (tx) => listFocusAreas(tx));
  const dimension = (i: number) => version.areas[0]?.dimensions[i]?.key ?? '';

  before(async () => {
    version = await frameworkVersion(t.db);
    roundId = (await addRound(t.db, t.alpha.id, { title: 'Alpha 2026', status: 'reported' })).id;
  });

  it('refuses an empty title and a dimension of no version, keeping the values', async () => {
    const response = await t.as('contributor').post(`${base}/new`, {
      title: '',
      description: 'Kept as written',
      dimensions: [dimension(0), 'not-a-dimension'],
    });
    assert.equal(response.statusCode, 400);
    const page = dom(response.body);
    assert.equal(page.text('.govuk-error-summary__title'), 'There is a problem');
    const summary = page.texts('.govuk-error-summary__list a');
    assert.ok(summary.includes('Enter a title'), summary.join('|'));
    assert.ok(
      summary.some((m) => m.includes('"not-a-dimension" is not a dimension of framework version')),
      summary.join('|'),
    );
    assert.match(page.text('#title-error') ?? '', /Enter a title/);
    assert.match(response.body, /Kept as written/);
    assert.ok(page.has(`input[name="dimensions"][value="${dimension(0)}"][checked]`));
    assert.equal((await stored()).length, 0);
  });

  it('adds focus areas in order, one linked to a round, and lists them', async () => {
    const first = await t.as('contributor').post(`${base}/new`, {
      title: 'Shared induction',
      description: 'One induction for every partner',
      areas: [version.areas[0]?.key ?? ''],
      dimensions: [dimension(0)],
      roundId,
    });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, `${base}?done=added`);
    await t.as('contributor').post(`${base}/new`, { title: 'Hearing children', roundId: 'none' });
    const areas = await stored();
    assert.deepEqual(
      areas.map((a) => [a.title, a.source, a.roundId, a.frameworkVersion]),
      [
        ['Shared induction', 'own', roundId, version.key],
        ['Hearing children', 'own', null, null],
      ],
    );
    const page = dom((await t.as('contributor').get(base)).body);
    const rows = page.rows('[data-testid="focus-areas"]');
    assert.deepEqual(
      rows.slice(1).map((r) => [r[0]?.split(' One ')[0], r[2], r[3]]),
      [
        ['Shared induction', 'Written by the trust', '0'],
        ['Hearing children', 'Written by the trust', '0'],
      ],
    );
    assert.ok(page.has(`a[href="/trusts/alpha/rounds/${roundId}/actions"]`));
    assert.ok(page.has(`a[href="${base}/new"]`));
    assert.ok(page.texts('button').some((b) => b.startsWith('Move down')));
  });

  it('moves a focus area down and up again', async () => {
    const [first, second] = await stored();
    const moved = await t
      .as('contributor')
      .post(`${base}/${first?.id}/move`, { direction: 'down' });
    assert.equal(moved.statusCode, 303);
    assert.deepEqual(
      (await stored()).map((a) => a.id),
      [second?.id, first?.id],
    );
    // From the table's button, the direction is in the address.
    await t.as('contributor').post(`${base}/${first?.id}/move?direction=up`);
    assert.deepEqual(
      (await stored()).map((a) => a.id),
      [first?.id, second?.id],
    );
    // The first cannot move further up.
    await t.as('contributor').post(`${base}/${first?.id}/move`, { direction: 'up' });
    assert.equal((await stored())[0]?.id, first?.id);
  });

  it('changes a focus area, refusing an empty title without storing anything', async () => {
    const [first] = await stored();
    const url = `${base}/${first?.id}/edit`;
    const form = dom((await t.as('contributor').get(url)).body);
    assert.equal(form.root.querySelector('#title')?.getAttribute('value'), 'Shared induction');
    const bad = await t.as('contributor').post(url, { title: '  ', roundId });
    assert.equal(bad.statusCode, 400);
    assert.equal((await stored())[0]?.title, 'Shared induction');
    const good = await t.as('contributor').post(url, {
      title: 'Shared induction for new staff',
      dimensions: [dimension(1)],
      roundId,
    });
    assert.equal(good.statusCode, 303);
    const [changed] = await stored();
    assert.ok(changed);
    assert.equal(changed.title, 'Shared induction for new staff');
    assert.deepEqual(changed.dimensions, [dimension(1)]);
  });

  it('shows a viewer and an action lead no buttons, and refuses their forms', async () => {
    const [first] = await stored();
    for (const person of ['viewer', 'action-lead'] as const) {
      const page = dom((await t.as(person).get(base)).body);
      assert.equal(page.rows('[data-testid="focus-areas"]').length, 3, person);
      assert.equal(page.has(`a[href="${base}/new"]`), false, person);
      assert.equal(page.has('form[action*="/move"]'), false, person);
      assert.equal(page.has('a[href$="/edit"]'), false, person);
      assert.equal((await t.as(person).get(`${base}/new`)).statusCode, 403, person);
      assert.equal((await t.as(person).post(`${base}/new`, { title: 'X' })).statusCode, 403);
      const move = await t.as(person).post(`${base}/${first?.id}/move`, { direction: 'down' });
      assert.equal(move.statusCode, 403, person);
      const remove = await t.as(person).post(`${base}/${first?.id}/remove`);
      assert.equal(remove.statusCode, 403, person);
    }
    assert.equal((await stored()).length, 2);
  });

  it('answers another trust and a malformed id with a 404', async () => {
    const [first] = await stored();
    assert.equal((await t.as('betaAdmin').get(`${base}/${first?.id}/edit`)).statusCode, 404);
    const beta = await t.as('betaAdmin').get(`/trusts/beta/focus-areas/${first?.id}/edit`);
    assert.equal(beta.statusCode, 404);
    assert.equal((await t.as('contributor').get(`${base}/not-an-id/edit`)).statusCode, 404);
    assert.equal((await t.as('contributor').get(`${base}.csv`)).statusCode, 200);
  });

  it('asks before removing, says what happens to the actions, then removes', async () => {
    const [first] = await stored();
    const confirm = await t.as('contributor').get(`${base}/${first?.id}/remove`);
    assert.equal(confirm.statusCode, 200);
    assert.match(
      dom(confirm.body).text('[data-testid="remove-actions"]') ?? '',
      /It has no actions/,
    );
    const removed = await t.as('contributor').post(`${base}/${first?.id}/remove`);
    assert.equal(removed.statusCode, 303);
    assert.deepEqual(
      (await stored()).map((a) => a.title),
      ['Hearing children'],
    );
  });
});
