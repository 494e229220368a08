import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { guarded, ok } from '../../kernel/outcome.ts';
import {
  auditLog,
  localities,
  organisations,
  trusts,
  trustSectors,
} from '../../db/schema/index.ts';
import { dom, useApp } from '../../../test/build.ts';

const PAGES = [
  ['/trusts/alpha/settings', 'Trust set-up'],
  ['/trusts/alpha/settings/details', 'Trust details'],
  ['/trusts/alpha/settings/sectors', 'Sectors'],
  ['/trusts/alpha/settings/headcount', 'Headcount per sector'],
  ['/trusts/alpha/settings/localities', 'Localities'],
  ['/trusts/alpha/settings/organisations', 'Partner organisations'],
] as const;

const CSVS = [
  'sectors.csv',
  'sectors/custom.csv',
  'sectors/custom.xlsx',
  'localities.csv',
  'localities.xlsx',
  'organisations.csv',
  'organisations.xlsx',
];

const FORMS = [
  'details',
  'sectors',
  'sectors/custom',
  'headcount',
  'localities',
  'organisations',
  'localities/00000000-0000-4000-8000-000000000000/remove',
];

describe('trust set-up pages', () => {
  const t = useApp({
    signIn: ['trust-admin', 'viewer', 'contributor', 'action-lead', 'betaAdmin'],
  });
  const admin = {
    get: (url: string) => t.as('trust-admin').get(url),
    post: (url: string, fields?: Record<string, string | string[]>) =>
      t.as('trust-admin').post(url, fields),
  };
  const base = '/trusts/alpha/settings';

  const alphaSectors = () =>
    t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(trustSectors).orderBy(asc(trustSectors.key)),
    );
  const alphaLocalities = () => t.db.withTrust(t.alpha.id, (tx) => tx.select().from(localities));
  const alphaOrganisations = () =>
    t.db.withTrust(t.alpha.id, (tx) => tx.select().from(organisations));
  const auditCount = async () =>
    (await t.db.withTrust(t.alpha.id, (tx) => tx.select().from(auditLog))).length;
  const sectorKeys = async () => (await alphaSectors()).map((s) => s.key);

  /** The success banner's message. */
  const banner = (html: string) => dom(html).text('.govuk-notification-banner__heading');
  /** A summary list's rows as [key, value, actions]. */
  const summary = (html: string, testId: string) =>
    dom(html)
      .root.querySelectorAll(`[data-testid="${testId}"] .govuk-summary-list__row`)
      .map((row) =>
        ['key', 'value', 'actions'].map((part) =>
          (row.querySelector(`.govuk-summary-list__${part}`)?.text ?? '')
            .replace(/\s+/g, ' ')
            .trim(),
        ),
      );
  const valueOf = (html: string, testId: string, key: string) =>
    summary(html, testId).find(([k]) => k === key)?.[1];

  /**
   * A 400 page whose error summary has the message, linking to the field; the field is there
   * and (unless it is a remove button) shows the message inline.
   */
  function assertProblem(
    response: { statusCode: number; body: string },
    field: string,
    message: RegExp,
  ) {
    assert.equal(response.statusCode, 400);
    const page = dom(response.body);
    assert.ok(page.has('.govuk-error-summary'));
    const messages = page.root
      .querySelectorAll(`.govuk-error-summary__list a[href="#${field}"]`)
      .map((a) => a.text.replace(/\s+/g, ' ').trim());
    assert.ok(
      messages.some((m) => message.test(m)),
      `${String(message)} for #${field} in [${page.errors().join(' / ')}]`,
    );
    assert.ok(page.has(`[id="${field}"]`), field);
    if (!field.startsWith('remove-'))
      assert.match(page.text(`[id="${field}-error"].govuk-error-message`) ?? '', message);
    assert.ok(page.text('title')?.startsWith('Error: '));
  }

  it('renders every page for the trust admin, with one h1 equal to the title', async () => {
    for (const [url, heading] of PAGES) {
      const response = await admin.get(url);
      assert.equal(response.statusCode, 200, url);
      const page = dom(response.body);
      assert.deepEqual(page.texts('h1'), [heading], url);
      assert.ok(page.text('title')?.startsWith(`${heading} – `), url);
      assert.equal(page.root.querySelectorAll('[style]').length, 0, url);
    }
    const overview = (await admin.get(base)).body;
    assert.equal(valueOf(overview, 'trust-details', 'Name'), 'Alpha Partnership');
    assert.equal(valueOf(overview, 'trust-details', 'Region'), 'North East');
    assert.ok(dom(overview).has('[data-testid="setup-counts"] a[href="/trusts/alpha/users"]'));
  });

  it('refuses people who are not trust admins, and other trusts', async () => {
    const auditBefore = await auditCount();
    for (const role of ['viewer', 'contributor', 'action-lead'] as const) {
      const agent = t.as(role);
      for (const [url] of PAGES) assert.equal((await agent.get(url)).statusCode, 403, url);
      for (const csv of CSVS) assert.equal((await agent.get(`${base}/${csv}`)).statusCode, 403);
      for (const form of FORMS)
        assert.equal((await agent.post(`${base}/${form}`, { name: 'X' })).statusCode, 403, form);
    }
    const beta = t.as('betaAdmin');
    for (const [url] of PAGES) assert.equal((await beta.get(url)).statusCode, 404, url);
    for (const csv of CSVS) assert.equal((await beta.get(`${base}/${csv}`)).statusCode, 404);
    for (const form of FORMS)
      assert.equal((await beta.post(`${base}/${form}`, { name: 'X' })).statusCode, 404, form);
    assert.equal((await beta.get('/trusts/beta/settings')).statusCode, 200);
    const anonymous = await t.anonymous().get(`${base}/sectors`);
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/sign-in/);
    assert.equal(await auditCount(), auditBefore);
  });

  it('saves the trust details and shows them on the overview', async () => {
    const response = await admin.post(`${base}/details`, {
      name: '  Alpha Children’s Partnership ',
      region: 'Yorkshire and the Humber',
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `${base}?done=details`);
    const overview = await admin.get(response.headers.location);
    assert.equal(banner(overview.body), 'Trust details saved');
    assert.equal(valueOf(overview.body, 'trust-details', 'Name'), 'Alpha Children’s Partnership');
    const [row] = await t.db.asSystem((tx) =>
      tx.select().from(trusts).where(eq(trusts.id, t.alpha.id)),
    );
    assert.ok(row);
    assert.equal(row.name, 'Alpha Children’s Partnership');
    assert.equal(row.region, 'Yorkshire and the Humber');
    assert.equal(row.slug, 'alpha');
    const [betaRow] = await t.db.asSystem((tx) =>
      tx.select().from(trusts).where(eq(trusts.id, t.beta.id)),
    );
    assert.equal(betaRow?.name, 'Beta Partnership');
    // No region is allowed too.
    assert.equal(
      (await admin.post(`${base}/details`, { name: 'Alpha', region: '' })).statusCode,
      303,
    );
    const [cleared] = await t.db.asSystem((tx) =>
      tx.select().from(trusts).where(eq(trusts.id, t.alpha.id)),
    );
    assert.equal(cleared?.region, null);
  });

  it('rejects bad trust details and saves nothing', async () => {
    const before = await t.db.asSystem((tx) =>
      tx.select().from(trusts).where(eq(trusts.id, t.alpha.id)),
    );
    const empty = await admin.post(`${base}/details`, { name: '  ', region: 'London' });
    assertProblem(empty, 'name', /Enter the name of the trust/);
    assert.equal(dom(empty.body).attr('select#region option[selected]', 'value'), 'London');
    const long = await admin.post(`${base}/details`, { name: 'x'.repeat(121), region: '' });
    assertProblem(long, 'name', /Name must be 120 characters or fewer/);
    const region = await admin.post(`${base}/details`, { name: 'Fine', region: 'Atlantis' });
    assertProblem(region, 'region', /Select a region from the list/);
    const longRegion = await admin.post(`${base}/details`, {
      name: 'Fine',
      region: 'r'.repeat(81),
    });
    assertProblem(longRegion, 'region', /Region must be 80 characters or fewer/);
    const after = await t.db.asSystem((tx) =>
      tx.select().from(trusts).where(eq(trusts.id, t.alpha.id)),
    );
    assert.deepEqual(after, before);
  });

  it('ticks and unticks national sectors', async () => {
    const response = await admin.post(`${base}/sectors`, {
      sectors: ['health', 'early-years', 'schools', 'youth'],
    });
    assert.equal(response.statusCode, 303);
    assert.deepEqual(await sectorKeys(), ['early-years', 'health', 'schools', 'youth']);
    const rows = await alphaSectors();
    assert.ok(rows.every((s) => !s.custom && s.key === s.nationalKey));
    assert.equal(rows.find((s) => s.key === 'health')?.name, 'Health');
    const page = await admin.get(`${base}/sectors?done=sectors`);
    assert.equal(banner(page.body), 'Sectors saved');
    const earlyYears = dom(page.body).root.querySelector(
      'input[type="checkbox"][name="sectors"][value="early-years"]',
    );
    assert.equal(earlyYears?.id, 'sectors');
    assert.ok(earlyYears.hasAttribute('checked'));
    assert.equal(
      (await admin.post(`${base}/sectors`, { sectors: ['health', 'early-years', 'schools'] }))
        .statusCode,
      303,
    );
    assert.deepEqual(await sectorKeys(), ['early-years', 'health', 'schools']);
    // Beta is untouched.
    const beta = await t.db.withTrust(t.beta.id, (tx) => tx.select().from(trustSectors));
    assert.equal(beta.length, 0);
  });

  it('rejects an unknown national sector and changes nothing', async () => {
    const response = await admin.post(`${base}/sectors`, { sectors: ['health', 'pirates'] });
    assertProblem(response, 'sectors', /Select sectors from the list/);
    assert.deepEqual(await sectorKeys(), ['early-years', 'health', 'schools']);
  });

  it('adds organisations and refuses to untick a sector that has them', async () => {
    const add = await admin.post(`${base}/organisations`, {
      name: 'Riverside Hospital',
      sector: 'health',
    });
    assert.equal(add.statusCode, 303);
    assert.equal(add.headers.location, `${base}/organisations?done=organisation-added`);
    const page = await admin.get(add.headers.location);
    assert.equal(banner(page.body), 'Organisation added');
    assert.deepEqual(dom(page.body).rows('[data-testid="organisations"]').slice(1), [
      ['Riverside Hospital', 'Health', 'Remove Riverside Hospital'],
    ]);
    const refused = await admin.post(`${base}/sectors`, { sectors: ['early-years', 'youth'] });
    assertProblem(refused, 'sectors', /Health has organisations \(Riverside Hospital\)/);
    assert.deepEqual(await sectorKeys(), ['early-years', 'health', 'schools']);
  });

  it('rejects bad organisations and saves nothing', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ name: '', sector: 'health' }, 'name', /Enter the name of the organisation/],
      [{ name: 'o'.repeat(121), sector: 'health' }, 'name', /120 characters or fewer/],
      [
        { name: 'riverside HOSPITAL', sector: 'schools' },
        'name',
        /An organisation called riverside HOSPITAL already exists/,
      ],
      [{ name: 'New Org', sector: '' }, 'sector', /Select a sector/],
      [{ name: 'New Org', sector: 'youth' }, 'sector', /Select a sector from the list/],
      [{ name: 'New Org', sector: 'nonsense' }, 'sector', /Select a sector from the list/],
    ];
    for (const [fields, field, message] of cases) {
      const response = await admin.post(`${base}/organisations`, fields);
      assertProblem(response, field, message);
    }
    assert.equal((await alphaOrganisations()).length, 1);
  });

  it('tells a trust with no sectors to choose them before adding organisations', async () => {
    const beta = t.as('betaAdmin');
    const page = await beta.get('/trusts/beta/settings/organisations');
    assert.equal(page.statusCode, 200);
    const noSectors = dom(page.body);
    assert.match(
      noSectors.text('[data-testid="no-sectors"]') ?? '',
      /^Your partnership has no sectors yet/,
    );
    assert.equal(
      noSectors.attr('[data-testid="no-sectors"] a', 'href'),
      '/trusts/beta/settings/sectors',
    );
    assert.equal(noSectors.has('form[action="/trusts/beta/settings/organisations"]'), false);
    const headcount = await beta.get('/trusts/beta/settings/headcount');
    assert.match(
      dom(headcount.body).text('[data-testid="no-sectors"]') ?? '',
      /^You have not chosen any sectors yet/,
    );
  });

  it('adds a sector of its own, mapped to a national one', async () => {
    const response = await admin.post(`${base}/sectors/custom`, {
      name: 'Child & Adolescent Mental Health',
      nationalKey: 'health',
    });
    assert.equal(response.statusCode, 303);
    const row = (await alphaSectors()).find((s) => s.custom);
    assert.ok(row);
    assert.equal(row.key, 'child-adolescent-mental-health');
    assert.equal(row.nationalKey, 'health');
    assert.equal(row.name, 'Child & Adolescent Mental Health');
    const page = await admin.get(`${base}/sectors?done=sector-added`);
    assert.equal(banner(page.body), 'Sector added');
    assert.deepEqual(dom(page.body).rows('[data-testid="custom-sectors"]'), [
      ['Name', 'Counts as', 'Organisations', 'Action'],
      [
        'Child & Adolescent Mental Health',
        'Health',
        '0',
        'Remove Child & Adolescent Mental Health',
      ],
    ]);
    // A similar name gets its own key.
    await admin.post(`${base}/sectors/custom`, {
      name: 'Child adolescent mental health!',
      nationalKey: 'health',
    });
    const keys = await sectorKeys();
    assert.ok(keys.includes('child-adolescent-mental-health-2'));
  });

  it('rejects bad sectors of its own and saves nothing', async () => {
    const before = await sectorKeys();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ name: '', nationalKey: 'health' }, 'name', /Enter a name for the sector/],
      [{ name: 's'.repeat(81), nationalKey: 'health' }, 'name', /80 characters or fewer/],
      [
        { name: 'child & adolescent MENTAL health', nationalKey: 'health' },
        'name',
        /You already have a sector called/,
      ],
      [{ name: 'Youth', nationalKey: 'youth' }, 'name', /Youth is a national sector/],
      [{ name: '!!!', nationalKey: 'health' }, 'name', /at least one letter or number/],
      [
        { name: 'Police', nationalKey: '' },
        'nationalKey',
        /Select the national sector it counts as/,
      ],
      [
        { name: 'Police', nationalKey: 'martians' },
        'nationalKey',
        /Select the national sector it counts as/,
      ],
    ];
    for (const [fields, field, message] of cases)
      assertProblem(await admin.post(`${base}/sectors/custom`, fields), field, message);
    assert.deepEqual(await sectorKeys(), before);
  });

  it('removes a sector of its own, but not one with organisations', async () => {
    const sectors = await alphaSectors();
    const camhs = sectors.find((s) => s.key === 'child-adolescent-mental-health');
    const second = sectors.find((s) => s.key === 'child-adolescent-mental-health-2');
    assert.ok(camhs && second);
    await admin.post(`${base}/organisations`, { name: 'Young Minds Team', sector: camhs.key });
    const refused = await admin.post(`${base}/sectors/${camhs.id}/remove`);
    assertProblem(
      refused,
      `remove-${camhs.id}`,
      /cannot be removed because it has organisations \(Young Minds Team\)/,
    );
    const removed = await admin.post(`${base}/sectors/${second.id}/remove`);
    assert.equal(removed.statusCode, 303);
    assert.equal(
      banner((await admin.get(String(removed.headers.location))).body),
      'Sector removed',
    );
    const keys = await sectorKeys();
    assert.ok(keys.includes(camhs.key));
    assert.ok(!keys.includes(second.key));
    // Bad ids, unknown ids and national sectors answer 404.
    const health = sectors.find((s) => s.key === 'health');
    assert.ok(health);
    for (const id of ['not-a-uuid', "1' or 1=1", second.id, health.id])
      assert.equal(
        (await admin.post(`${base}/sectors/${encodeURIComponent(id)}/remove`)).statusCode,
        404,
        id,
      );
  });

  it('saves headcount for every sector in one go', async () => {
    const response = await admin.post(`${base}/headcount`, {
      'headcount-early-years': '1,240',
      'headcount-health': ' 300 ',
      'headcount-schools': '',
      'headcount-child-adolescent-mental-health': '0',
    });
    assert.equal(response.statusCode, 303);
    const byKey = Object.fromEntries((await alphaSectors()).map((s) => [s.key, s.headcount]));
    assert.deepEqual(byKey, {
      'child-adolescent-mental-health': 0,
      'early-years': 1240,
      health: 300,
      schools: null,
    });
    const page = await admin.get(String(response.headers.location));
    assert.equal(banner(page.body), 'Headcount saved');
    assert.deepEqual(
      summary(page.body, 'headcount-total').map(([key, value]) => [key, value]),
      [
        ['Total people', '1,540'],
        ['Sectors with no headcount yet', '1'],
      ],
    );
    const earlyYears = dom(page.body).root.querySelector('input#headcount-early-years');
    assert.equal(earlyYears?.getAttribute('name'), 'headcount-early-years');
    assert.equal(earlyYears.getAttribute('type'), 'text');
    assert.equal(earlyYears.getAttribute('spellcheck'), 'false');
    assert.equal(earlyYears.getAttribute('value'), '1240');
  });

  it('rejects bad headcounts per field and saves none of them', async () => {
    const before = await alphaSectors();
    const response = await admin.post(`${base}/headcount`, {
      'headcount-early-years': 'lots',
      'headcount-health': '-5',
      'headcount-schools': '1000001',
      'headcount-child-adolescent-mental-health': '2.5',
    });
    assertProblem(
      response,
      'headcount-early-years',
      /Enter the headcount for Early years and childcare as a whole number/,
    );
    assertProblem(response, 'headcount-health', /Headcount for Health must be 0 or more/);
    assertProblem(
      response,
      'headcount-schools',
      /Headcount for Schools must be 1,000,000 or fewer/,
    );
    assertProblem(response, 'headcount-child-adolescent-mental-health', /as a whole number/);
    assert.equal(dom(response.body).attr('input#headcount-early-years', 'value'), 'lots');
    assert.equal(dom(response.body).attr('input#headcount-health', 'value'), '-5');
    const mixed = await admin.post(`${base}/headcount`, {
      'headcount-early-years': '99',
      'headcount-health': '1e9',
    });
    assertProblem(mixed, 'headcount-health', /as a whole number/);
    assert.deepEqual(await alphaSectors(), before);
  });

  it('adds and removes localities', async () => {
    const response = await admin.post(`${base}/localities`, { name: 'Northgate' });
    assert.equal(response.statusCode, 303);
    await admin.post(`${base}/localities`, { name: '=HYPERLINK("http://evil.example")' });
    const page = await admin.get(String(response.headers.location));
    assert.equal(banner(page.body), 'Locality added');
    assert.ok(
      dom(page.body)
        .rows('[data-testid="localities"]')
        .some((row) => row.join(' | ') === 'Northgate | Remove Northgate'),
    );
    const rows = await alphaLocalities();
    assert.deepEqual(rows.map((l) => l.name).sort(), [
      '=HYPERLINK("http://evil.example")',
      'Northgate',
    ]);
    const csv = await admin.get(`${base}/localities.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(
      String(csv.headers['content-disposition']),
      /attachment; filename="alpha-localities.csv"/,
    );
    assert.equal(csv.body, 'Locality\r\n"\'=HYPERLINK(""http://evil.example"")"\r\nNorthgate\r\n');
    const xlsx = await admin.get(`${base}/localities.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cell = book.worksheets[0]?.getCell('A2');
    assert.equal(cell?.type, ExcelJS.ValueType.String, 'written as text, never as a formula');
    assert.equal(cell.value, '=HYPERLINK("http://evil.example")');
    const evil = rows.find((l) => l.name.startsWith('='));
    assert.ok(evil);
    const removed = await admin.post(`${base}/localities/${evil.id}/remove`);
    assert.equal(removed.statusCode, 303);
    assert.deepEqual(
      (await alphaLocalities()).map((l) => l.name),
      ['Northgate'],
    );
    assert.equal((await admin.post(`${base}/localities/${evil.id}/remove`)).statusCode, 404);
    assert.equal((await admin.post(`${base}/localities/nope/remove`)).statusCode, 404);
  });

  it('rejects bad localities and saves nothing', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ name: '' }, /Enter a name for the locality/],
      [{}, /Enter a name for the locality/],
      [{ name: 'l'.repeat(81) }, /Locality name must be 80 characters or fewer/],
      [{ name: 'NORTHGATE' }, /A locality called NORTHGATE already exists/],
    ];
    for (const [fields, message] of cases)
      assertProblem(await admin.post(`${base}/localities`, fields), 'name', message);
    assert.equal((await alphaLocalities()).length, 1);
  });

  it('turns a unique violation from the database into a field error', async () => {
    const duplicate = { field: 'name', message: 'Already there' };
    const outcome = await guarded(
      () =>
        t.db.withTrust(t.alpha.id, async (tx) => {
          await tx.insert(localities).values({ trustId: t.alpha.id, name: 'Northgate' });
          return ok(null);
        }),
      { unique: duplicate },
    );
    assert.deepEqual(outcome, { ok: false, errors: [duplicate] });
    assert.equal((await alphaLocalities()).length, 1);
  });

  it("cannot remove another trust's locality or organisation", async () => {
    const [betaPlace] = await t.db.withTrust(t.beta.id, (tx) =>
      tx.insert(localities).values({ trustId: t.beta.id, name: 'Quayside' }).returning(),
    );
    assert.ok(betaPlace);
    assert.equal((await admin.post(`${base}/localities/${betaPlace.id}/remove`)).statusCode, 404);
    assert.equal(
      (await admin.post(`${base}/organisations/${betaPlace.id}/remove`)).statusCode,
      404,
    );
    const still = await t.db.withTrust(t.beta.id, (tx) => tx.select().from(localities));
    assert.equal(still.length, 1);
  });

  it('exports sectors and organisations as CSV, defusing formulas', async () => {
    await admin.post(`${base}/organisations`, { name: '@SUM(A1)', sector: 'schools' });
    const sectors = await admin.get(`${base}/sectors.csv`);
    assert.equal(sectors.statusCode, 200);
    assert.match(String(sectors.headers['content-type']), /^text\/csv/);
    assert.match(String(sectors.headers['content-disposition']), /filename="alpha-sectors.csv"/);
    assert.equal(
      sectors.body,
      [
        'key,name,national key,own sector,headcount',
        'early-years,Early years and childcare,early-years,no,1240',
        'schools,Schools,schools,no,',
        'health,Health,health,no,300',
        'child-adolescent-mental-health,Child & Adolescent Mental Health,health,yes,0',
        '',
      ].join('\r\n'),
    );
    const orgs = await admin.get(`${base}/organisations.csv`);
    assert.match(String(orgs.headers['content-disposition']), /filename="alpha-organisations.csv"/);
    const lines = orgs.body.trim().split('\r\n');
    assert.equal(lines[0], 'Organisation,Sector');
    assert.ok(lines.includes("'@SUM(A1),Schools"));
    assert.ok(lines.includes('Riverside Hospital,Health'));
    const own = await admin.get(`${base}/sectors/custom.csv`);
    assert.match(String(own.headers['content-disposition']), /filename="alpha-own-sectors.csv"/);
    assert.equal(
      own.body,
      'Name,Counts as,Organisations\r\nChild & Adolescent Mental Health,Health,1\r\n',
    );
  });

  it('removes organisations', async () => {
    const org = (await alphaOrganisations()).find((o) => o.name === '@SUM(A1)');
    assert.ok(org);
    const response = await admin.post(`${base}/organisations/${org.id}/remove`);
    assert.equal(response.statusCode, 303);
    assert.equal(
      banner((await admin.get(String(response.headers.location))).body),
      'Organisation removed',
    );
    assert.ok(!(await alphaOrganisations()).some((o) => o.id === org.id));
    assert.equal((await admin.post(`${base}/organisations/${org.id}/remove`)).statusCode, 404);
    assert.equal((await admin.post(`${base}/organisations/12345/remove`)).statusCode, 404);
  });

  it('writes an audit row for every change', async () => {
    const actionsAfter = async (change: () => Promise<unknown>) => {
      const before = await auditCount();
      await change();
      const rows = await t.db.withTrust(t.alpha.id, (tx) =>
        tx.select().from(auditLog).orderBy(asc(auditLog.id)),
      );
      assert.equal(rows.length, before + 1);
      const last = rows.at(-1);
      assert.ok(last);
      assert.equal(last.actor, t.world.users['trust-admin']);
      assert.equal(last.trustId, t.alpha.id);
      return last.action;
    };
    assert.equal(
      await actionsAfter(() =>
        admin.post(`${base}/details`, { name: 'Alpha audited', region: 'London' }),
      ),
      'updated trust details',
    );
    assert.equal(
      await actionsAfter(() =>
        admin.post(`${base}/sectors`, { sectors: ['early-years', 'schools', 'health', 'housing'] }),
      ),
      'changed sectors',
    );
    assert.equal(
      await actionsAfter(() =>
        admin.post(`${base}/sectors/custom`, { name: 'Police', nationalKey: 'justice' }),
      ),
      'added own sector',
    );
    const police = (await alphaSectors()).find((s) => s.key === 'police');
    assert.ok(police);
    assert.equal(
      await actionsAfter(() => admin.post(`${base}/headcount`, { 'headcount-police': '80' })),
      'changed headcount',
    );
    assert.equal(
      await actionsAfter(() => admin.post(`${base}/sectors/${police.id}/remove`)),
      'removed own sector',
    );
    assert.equal(
      await actionsAfter(() => admin.post(`${base}/localities`, { name: 'Eastbrook' })),
      'added locality',
    );
    const eastbrook = (await alphaLocalities()).find((l) => l.name === 'Eastbrook');
    assert.ok(eastbrook);
    assert.equal(
      await actionsAfter(() => admin.post(`${base}/localities/${eastbrook.id}/remove`)),
      'removed locality',
    );
    assert.equal(
      await actionsAfter(() =>
        admin.post(`${base}/organisations`, { name: 'Audit Org', sector: 'housing' }),
      ),
      'added organisation',
    );
    const org = (await alphaOrganisations()).find((o) => o.name === 'Audit Org');
    assert.ok(org);
    assert.equal(
      await actionsAfter(() => admin.post(`${base}/organisations/${org.id}/remove`)),
      'removed organisation',
    );
    // A failed change writes nothing.
    const before = await auditCount();
    await admin.post(`${base}/localities`, { name: '' });
    await admin.post(`${base}/headcount`, { 'headcount-health': 'x' });
    assert.equal(await auditCount(), before);
  });
  it('shows what has been set up on the overview', async () => {
    const sectors = await alphaSectors();
    const known = sectors.filter((s) => s.headcount !== null);
    const total = known.reduce((sum, s) => sum + (s.headcount ?? 0), 0);
    const custom = sectors.filter((s) => s.custom).length;
    assert.ok(custom > 0 && known.length > 0);
    const rows = summary((await admin.get(base)).body, 'setup-counts');
    assert.deepEqual(rows.slice(0, 4), [
      [
        'Sectors',
        `${sectors.length} sectors, including ${custom} of your own`,
        'Change sectors (Your partnership)',
      ],
      [
        'Headcount',
        `${known.length} of ${sectors.length} sectors entered, ${total.toLocaleString('en-GB')} people in total`,
        'Change headcount (Your partnership)',
      ],
      [
        'Localities',
        String((await alphaLocalities()).length),
        'Manage localities (Your partnership)',
      ],
      [
        'Partner organisations',
        String((await alphaOrganisations()).length),
        'Manage partner organisations (Your partnership)',
      ],
    ]);
  });
});
