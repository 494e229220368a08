import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { localities, organisations } from '../../db/schema/index.ts';
import {
  addAnalysisWorkshop,
  addAnsweredResponses,
  addRound,
  addSectors,
  frameworkVersion,
  type AnsweringPerson,
} from '../../../test/fixtures.ts';
import { dom, useApp, type Dom, type Person } from '../../../test/build.ts';
import { isTrustRole } from '../../kernel/roles.ts';
import type { FrameworkVersion } from '../framework/schema.ts';

// Each role's home shows what that role can do now, and links only to pages it can open.

/** The rows of a summary card: key → value text. */
function card(page: Dom, testid: string): Record<string, string> {
  const rows = page.root.querySelectorAll(`[data-testid="${testid}"] .govuk-summary-list__row`);
  return Object.fromEntries(
    rows.map((row) => [
      row.querySelector('.govuk-summary-list__key')?.text.trim() ?? '',
      (row.querySelector('.govuk-summary-list__value')?.text ?? '').replace(/\s+/g, ' ').trim(),
    ]),
  );
}

/** The text and address of every link in the element. */
const links = (page: Dom, selector: string) =>
  page.root.querySelectorAll(`${selector} a`).map((a) => [a.text.trim(), a.getAttribute('href')]);

describe('home pages', () => {
  const t = useApp({
    signIn: [
      'trust-admin',
      'contributor',
      'action-lead',
      'viewer',
      'national-analyst',
      'system-admin',
    ],
  });
  const home = async (person: Person) => {
    // People of a trust land on its home; the others on the service's home.
    const response = await t.as(person).get(isTrustRole(person) ? '/trusts/alpha' : '/');
    assert.equal(response.statusCode, 200);
    return dom(response.body);
  };

  it('shows a new trust admin the set-up steps, counted in words, and no round yet', async () => {
    const page = await home('trust-admin');
    assert.deepEqual(page.texts('[data-testid="setup-tasks"] .govuk-task-list__hint'), [
      '0 sectors',
      'The denominator for response rates',
      '0 localities',
      '0 organisations',
      '4 people have a role',
    ]);
    assert.equal(page.text('[data-testid="no-round"]'), 'There are no assessment rounds yet.');
    assert.equal(page.text('main a.govuk-button'), 'Create a round');
    assert.equal(page.attr('main a.govuk-button', 'href'), '/trusts/alpha/rounds/new');
    assert.ok(!page.has('[data-testid="setup-complete"]'));
  });

  describe('with set-up done and rounds under way', () => {
    let version: FrameworkVersion;
    let current = '';
    before(async () => {
      const sectors = await addSectors(t.db, t.alpha.id, [
        { key: 'health', name: 'Health', headcount: 200 },
        { key: 'schools', name: 'Schools', headcount: 400 },
        { key: 'early-years', name: 'Early years and childcare', headcount: 30 },
      ]);
      await t.db.withTrust(t.alpha.id, async (tx) => {
        await tx.insert(localities).values({ trustId: t.alpha.id, name: 'North' });
        await tx
          .insert(organisations)
          .values({ trustId: t.alpha.id, name: 'City Hospital', sectorId: sectors[0]?.id ?? '' });
      });
      version = await frameworkVersion(t.db);
      await addRound(t.db, t.alpha.id, {
        title: '2025 self-assessment',
        startsOn: '2025-01-01',
        endsOn: '2025-12-31',
        status: 'reported',
      });
      const round = await addRound(t.db, t.alpha.id, {
        title: '2026 self-assessment',
        status: 'analysing',
      });
      current = `/trusts/alpha/rounds/${round.id}`;
      // 6 from health and 4 from schools: 10 of a headcount of 630.
      const people: AnsweringPerson[] = ['health', 'schools'].flatMap((sector, s) =>
        Array.from({ length: s === 0 ? 6 : 4 }, () => ({
          sector,
          audience: 'frontline',
          value: () => 4,
        })),
      );
      await addAnsweredResponses(t.db, t.alpha.id, round.id, version, people);
      // The analysis workshop agreed every dimension: the first three at stage 2, the rest at 3.
      const dimensions = version.areas.flatMap((a) => a.dimensions.map((d) => d.key));
      await addAnalysisWorkshop(
        t.db,
        t.alpha.id,
        round.id,
        dimensions.map((dimensionKey, i) => ({ dimensionKey, stage: i < 3 ? 2 : 3 })),
      );
    });

    const stageName = (n: number) => version.stages.find((s) => s.number === n)?.name ?? '';
    const dimensionCount = () => version.areas.flatMap((a) => a.dimensions).length;

    it('shows the trust admin the current round with its response rate, position and next step', async () => {
      const page = await home('trust-admin');
      assert.equal(
        page.text('[data-testid="current-round"] .govuk-summary-card__title'),
        '2026 self-assessment',
      );
      const rows = card(page, 'current-round');
      assert.equal(rows.Status, 'Analysing');
      assert.equal(rows.Dates, '1 January 2026 to 31 December 2026');
      assert.equal(rows.Responses, '10 responses so far');
      assert.equal(
        rows['Response rate'],
        '1.6% of the headcount: 10 responses from a headcount of 630',
      );
      assert.deepEqual(page.texts('[data-testid="current-round"] .govuk-summary-list__value li'), [
        `3 dimensions at stage 2 (${stageName(2)})`,
        `${dimensionCount() - 3} dimensions at stage 3 (${stageName(3)})`,
      ]);
      assert.match(
        rows.Position ?? '',
        /Agreed positions, from 10 responses released for analysis\.$/,
      );
      assert.equal(rows['Next step'], 'Plan the tests');
      assert.deepEqual(links(page, '[data-testid="next-step"]'), [
        ['Plan the tests', `${current}/plan`],
      ]);
      assert.equal(
        page.attr('[data-testid="current-round"] .govuk-summary-card__actions a', 'href'),
        current,
      );
    });

    it('collapses the finished set-up for the trust admin and counts in the singular', async () => {
      const page = await home('trust-admin');
      assert.ok(!page.has('[data-testid="setup-tasks"]'));
      assert.deepEqual(links(page, '[data-testid="setup-complete"]'), [
        ["Review the trust's settings", '/trusts/alpha/settings'],
      ]);
      assert.deepEqual(page.texts('[data-testid="trust-counts"] li'), [
        '3 sectors',
        '1 locality',
        '1 partner organisation',
        '4 people with a role',
      ]);
    });

    it('shows the contributor the round to record focus groups and workshops in', async () => {
      const page = await home('contributor');
      const rows = card(page, 'current-round');
      assert.equal(rows.Status, 'Analysing');
      assert.equal(
        rows['Response rate'],
        '1.6% of the headcount: 10 responses from a headcount of 630',
      );
      assert.equal(rows['Next step'], 'Record focus groups and workshops');
      assert.equal(
        page.text('[data-testid="recorded"]'),
        'Recorded in 2026 self-assessment so far: 0 focus groups and 1 analysis workshop.',
      );
      assert.deepEqual(links(page, '[data-testid="round-links"]'), [
        ['See and change the plan of tests', `${current}/plan`],
        ['See the responses', `${current}/responses`],
      ]);
      assert.ok(!page.has('[data-testid="setup-tasks"]'));
      assert.ok(!page.has('a[href="/trusts/alpha/users"]'));
      assert.ok(!page.has('a[href="/trusts/alpha/rounds/new"]'));
    });

    for (const role of ['viewer', 'action-lead'] as const)
      it(`shows the ${role} the latest released results and the rounds to read`, async () => {
        const page = await home(role);
        assert.match(page.text('[data-testid="can-do"]') ?? '', /You cannot change them\.$/);
        assert.equal(
          page.text('[data-testid="released-round"] .govuk-summary-card__title'),
          '2026 self-assessment',
        );
        assert.match(card(page, 'released-round').Position ?? '', /^3 dimensions at stage 2/);
        const areas = links(page, '[data-testid="area-links"]');
        assert.equal(areas.length, version.areas.length);
        assert.deepEqual(areas[0], [
          version.areas[0]?.name,
          `${current}/analysis/areas/${version.areas[0]?.key}`,
        ]);
        assert.deepEqual(page.rows('[data-testid="rounds"]'), [
          ['Round', 'Dates', 'Status'],
          ['2026 self-assessment', '1 January 2026 to 31 December 2026', 'Analysing'],
          ['2025 self-assessment', '1 January 2025 to 31 December 2025', 'Reported'],
        ]);
        assert.ok(!page.has('a[href$="/questionnaires"]'));
        assert.ok(!page.has('main .govuk-button'));
        // Every link of the home opens for this role.
        for (const [, href] of links(page, 'main')) {
          const status = (await t.as(role).get(href ?? '')).statusCode;
          assert.equal(status, 200, `${href} answers ${status}`);
        }
      });

    it('shows the national analyst what there is to read, and no promise', async () => {
      const page = await home('national-analyst');
      assert.equal(page.text('h1'), 'Home');
      assert.match(
        page.text('[data-testid="analyst-can"]') ?? '',
        /^You can read the framework and the API documentation\./,
      );
      assert.deepEqual(links(page, '[data-testid="versions"]')[0], [
        `${version.title} (2026.1)`,
        '/framework/2026.1',
      ]);
      assert.ok(page.has('main a[href="/api/docs"]'));
      assert.ok(!page.has('main a[href^="/admin"]'));
    });

    it('shows the system admin the admin pages and every framework version', async () => {
      const page = await home('system-admin');
      assert.deepEqual(links(page, '[data-testid="admin-links"]'), [
        ['Trusts', '/admin/trusts'],
        ['Create a trust', '/admin/trusts/new'],
        ['Framework versions', '/admin/framework'],
      ]);
      assert.deepEqual(page.texts('[data-testid="admin-links"] li'), [
        'Trusts: 2 trusts in the service',
        'Create a trust',
        'Framework versions: see every version and publish drafts',
      ]);
      assert.ok(page.has('[data-testid="versions"] a[href="/framework/2026.1"]'));
      assert.ok(!page.has('main a[href^="/trusts/"]'));
    });
  });
});
