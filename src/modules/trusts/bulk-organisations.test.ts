import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, organisations, trustSectors } from '../../db/schema/index.ts';
import { addSectors } from '../../../test/fixtures.ts';
import { dom, useApp } from '../../../test/build.ts';

const BULK = '/trusts/alpha/settings/organisations/bulk';

describe('sectors: at least one', () => {
  const t = useApp({ signIn: ['trust-admin'] });

  it('refuses saving the sectors with none ticked, and keeps the ones there are', async () => {
    await addSectors(t.db, t.alpha.id);
    const response = await t.as('trust-admin').post('/trusts/alpha/settings/sectors', {});
    assert.equal(response.statusCode, 400);
    const page = dom(response.body);
    assert.equal(
      page.text('.govuk-error-summary__list a[href="#sectors"]'),
      'Select at least one sector',
    );
    assert.equal(
      page.text('#sectors-error')?.replace(/^Error: /, ''),
      'Select at least one sector',
    );
    assert.ok(!page.has('.govuk-notification-banner--success'));
    const left = await t.db.withTrust(t.alpha.id, (tx) => tx.select().from(trustSectors));
    assert.equal(left.length, 3);
  });
});

describe('adding many partner organisations at once', () => {
  const t = useApp({ signIn: ['trust-admin', 'viewer'], tokens: ['trust-admin', 'viewer'] });
  const admin = () => t.as('trust-admin');
  const names = async () =>
    (await t.db.withTrust(t.alpha.id, (tx) => tx.select().from(organisations)))
      .map((o) => o.name)
      .sort();
  const problem = (html: string, field: string) => {
    const page = dom(html);
    return {
      summary: page.texts(`.govuk-error-summary__list a[href="#${field}"]`),
      inline: page.text(`#${field}-error`)?.replace(/^Error: /, ''),
    };
  };

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    await admin().post('/trusts/alpha/settings/organisations', {
      name: 'Oak Primary School',
      sector: 'schools',
    });
  });

  it('links from the organisations page to a form of names and one sector', async () => {
    const list = dom((await admin().get('/trusts/alpha/settings/organisations')).body);
    assert.equal(list.text(`a[href="${BULK}"]`), 'Add several organisations at once');
    const page = dom((await admin().get(BULK)).body);
    assert.equal(page.text('h1'), 'Add several organisations');
    assert.ok(page.has('textarea#names'));
    assert.ok(page.has('select#sector option[value="schools"]'));
    assert.equal((await t.as('viewer').get(BULK)).statusCode, 403);
  });

  it('adds every name to the sector, skipping blank lines, and says what it added', async () => {
    const response = await admin().post(BULK, {
      names: 'Ash Academy\r\n\r\n  Birch   Infant School  \r\n   \r\nCedar Nursery\r\n',
      sector: 'schools',
    });
    assert.equal(response.statusCode, 200);
    const page = dom(response.body);
    assert.equal(
      page.text('.govuk-notification-banner__heading'),
      '3 organisations added to Schools',
    );
    assert.match(
      page.text('.govuk-notification-banner__content') ?? '',
      /2 blank lines were skipped\.$/,
    );
    assert.deepEqual(page.texts('[data-testid="added-organisations"] li'), [
      'Ash Academy',
      'Birch Infant School',
      'Cedar Nursery',
    ]);
    assert.deepEqual(await names(), [
      'Ash Academy',
      'Birch Infant School',
      'Cedar Nursery',
      'Oak Primary School',
    ]);
    const [entry] = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'added organisations')),
    );
    assert.deepEqual(entry?.details, {
      sector: 'schools',
      count: 3,
      names: ['Ash Academy', 'Birch Infant School', 'Cedar Nursery'],
    });
  });

  it('adds nothing when a name repeats, on the list or an existing one, and says which', async () => {
    const before = await names();
    const response = await admin().post(BULK, {
      names: 'Elm Academy\nelm academy\nOAK primary school\nFir School',
      sector: 'schools',
    });
    assert.equal(response.statusCode, 400);
    const { summary, inline } = problem(response.body, 'names');
    assert.deepEqual(summary, [
      'Each organisation can be on the list once: Elm Academy is on lines 1 and 2',
      'OAK primary school is already one of your organisations: take it off the list',
    ]);
    assert.equal(
      inline,
      'OAK primary school is already one of your organisations: take it off the list',
    );
    // What was typed is kept.
    assert.match(dom(response.body).text('textarea#names') ?? '', /^Elm Academy/);
    assert.deepEqual(await names(), before);
  });

  it('refuses an empty list, too many names, too long a name, or no sector', async () => {
    const before = await names();
    const cases: [Record<string, string>, string, string][] = [
      [
        { names: '\n \n', sector: 'schools' },
        'names',
        'Enter the names of the organisations, one on each line',
      ],
      [
        {
          names: Array.from({ length: 201 }, (_, i) => `School ${i}`).join('\n'),
          sector: 'schools',
        },
        'names',
        'Enter 200 organisations or fewer at a time: the list has 201',
      ],
      [
        { names: `Good School\n${'x'.repeat(121)}`, sector: 'schools' },
        'names',
        'Each name must be 120 characters or fewer: shorten line 2',
      ],
      [
        { names: 'x'.repeat(30_001), sector: 'schools' },
        'names',
        'The list must be 30,000 characters or fewer',
      ],
      [{ names: 'Good School', sector: '' }, 'sector', 'Select a sector'],
      [{ names: 'Good School', sector: 'police' }, 'sector', 'Select a sector from the list'],
    ];
    for (const [body, field, message] of cases) {
      const response = await admin().post(BULK, body);
      assert.equal(response.statusCode, 400, message);
      assert.deepEqual(problem(response.body, field), { summary: [message], inline: message });
    }
    assert.deepEqual(await names(), before);
  });

  it('takes a list in the API: all or nothing, with the same messages', async () => {
    const url = '/api/v1/trusts/alpha/organisations/bulk';
    const refused = await t.api('trust-admin', 'POST', url, {
      names: ['Hazel School', 'Ash Academy'],
      sector: 'schools',
    });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(refused.json<{ errors: unknown }>().errors, [
      {
        field: 'names',
        message: 'Ash Academy is already one of your organisations: take it off the list',
      },
    ]);
    assert.ok(!(await names()).includes('Hazel School'));
    const added = await t.api('trust-admin', 'POST', url, {
      names: ['Hazel School', '', 'Holly Health Centre'],
      sector: 'health',
    });
    assert.equal(added.statusCode, 201);
    assert.deepEqual(
      added
        .json<{ name: string; sector: string; sectorName: string }[]>()
        .map((o) => [o.name, o.sector, o.sectorName]),
      [
        ['Hazel School', 'health', 'Health'],
        ['Holly Health Centre', 'health', 'Health'],
      ],
    );
    assert.equal(
      (await t.api('viewer', 'POST', url, { names: ['X'], sector: 'health' })).statusCode,
      403,
    );
    const openapi = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const doc = openapi.json<{ paths: Record<string, { post?: { summary?: string } }> }>();
    assert.equal(
      doc.paths['/api/v1/trusts/{trust}/organisations/bulk']?.post?.summary,
      'Adds many partner organisations to one sector',
    );
  });
});
