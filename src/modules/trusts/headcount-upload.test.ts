import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { asc, desc } from 'drizzle-orm';
import { auditLog, trustSectors } from '../../db/schema/index.ts';
import { dom, useApp } from '../../../test/build.ts';
import { readXlsxRows, toXlsx, XLSX_CONTENT_TYPE } from '../../web/xlsx.ts';

// The headcount page's template: downloaded as CSV or Excel, filled in and uploaded. All or
// nothing, with every row's problem in the GOV.UK error summary.

const PAGE = '/trusts/alpha/settings/headcount';

/** A multipart/form-data body with one file, as a browser sends the upload form. */
function multipart(file: { filename: string; type: string; bytes: Buffer } | null) {
  const boundary = `----ocwtest${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file?.filename ?? ''}"\r\nContent-Type: ${file?.type ?? 'application/octet-stream'}\r\n\r\n`;
  return {
    payload: Buffer.concat([
      Buffer.from(head),
      file?.bytes ?? Buffer.alloc(0),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('headcount template on the page', () => {
  const bed = useApp({ signIn: ['trust-admin', 'viewer', 'betaAdmin'] });
  const admin = () => bed.as('trust-admin');

  before(async () => {
    const trustId = bed.alpha.id;
    await bed.db.withTrust(trustId, (tx) =>
      tx.insert(trustSectors).values([
        { trustId, key: 'schools', name: 'Schools', nationalKey: 'schools', headcount: 900 },
        { trustId, key: 'health', name: 'Health', nationalKey: 'health' },
      ]),
    );
  });

  const headcounts = async () =>
    Object.fromEntries(
      (
        await bed.db.withTrust(bed.alpha.id, (tx) =>
          tx.select().from(trustSectors).orderBy(asc(trustSectors.key)),
        )
      ).map((s) => [s.key, s.headcount]),
    );

  /** Opens the page and posts the file to its upload form, as a person would. */
  const upload = async (file: Parameters<typeof multipart>[0], agent = admin()) => {
    const page = dom((await agent.get(PAGE)).body);
    const action = page.attr('form[enctype="multipart/form-data"]', 'action');
    assert.ok(action?.includes('_csrf='), 'the upload form carries its CSRF token');
    return agent.request({ method: 'POST', url: action, ...multipart(file) });
  };
  const csv = (text: string) => ({
    filename: 'headcount.csv',
    type: 'text/csv',
    bytes: Buffer.from(text),
  });

  it('offers the template as CSV and as Excel, and an upload form', async () => {
    const page = dom((await admin().get(PAGE)).body);
    assert.match(
      page.text('[data-testid="headcount-template"]') ?? '',
      /Download the headcount template \(CSV .* \/ Excel .*\)/,
    );
    assert.ok(page.has(`a[href="${PAGE}.csv"]`));
    assert.ok(page.has(`a[href="${PAGE}.xlsx"]`));
    assert.ok(page.has('input[type="file"][name="file"]'));
    const download = await admin().get(`${PAGE}.csv`);
    assert.equal(download.statusCode, 200);
    assert.equal(
      download.body,
      'sector key,sector name,headcount\r\nschools,Schools,900\r\nhealth,Health,\r\n',
    );
    const workbook = await admin().get(`${PAGE}.xlsx`);
    assert.equal(workbook.headers['content-type'], XLSX_CONTENT_TYPE);
    assert.deepEqual((await readXlsxRows(workbook.rawPayload))[1], ['schools', 'Schools', '900']);
    assert.equal((await admin().get(`${PAGE}.pdf`)).statusCode, 404);
    assert.equal((await bed.as('viewer').get(`${PAGE}.csv`)).statusCode, 403);
    assert.equal((await bed.as('betaAdmin').get(`${PAGE}.csv`)).statusCode, 404);
  });

  it('saves the filled-in CSV template, audited as the person', async () => {
    const response = await upload(
      csv('sector key,sector name,headcount\nschools,Schools,950\nhealth,Health,"1,100"\n'),
    );
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `${PAGE}?done=headcount`);
    assert.deepEqual(await headcounts(), { health: 1100, schools: 950 });
    const [entry] = await bed.db.withTrust(bed.alpha.id, (tx) =>
      tx.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1),
    );
    assert.equal(entry?.action, 'changed headcount');
    assert.equal(entry.actor, bed.world.users['trust-admin']);
  });

  it('saves the filled-in Excel template', async () => {
    const bytes = await toXlsx([
      {
        name: 'Headcount',
        headers: ['sector key', 'sector name', 'headcount'],
        rows: [
          ['schools', 'Schools', 975],
          ['health', 'Health', null],
        ],
      },
    ]);
    const response = await upload({ filename: 'headcount.xlsx', type: XLSX_CONTENT_TYPE, bytes });
    assert.equal(response.statusCode, 303);
    assert.deepEqual(await headcounts(), { health: null, schools: 975 });
  });

  it('lists every row’s problem in the error summary and saves nothing', async () => {
    const before = await headcounts();
    const response = await upload(
      csv(
        'sector key,sector name,headcount\nschools,Schools,lots\npirates,Pirates,3\nhealth,Health,-1\n',
      ),
    );
    assert.equal(response.statusCode, 400);
    const page = dom(response.body);
    assert.ok(page.text('title')?.startsWith('Error: '));
    assert.deepEqual(page.errors(), [
      'Row 2: enter the headcount as a whole number, like 250, or leave it empty',
      'Row 3: your trust has no sector with the key pirates',
      'Row 4: the headcount must be 0 or more',
    ]);
    assert.deepEqual(
      page.root.querySelectorAll('.govuk-error-summary__list a').map((a) => a.getAttribute('href')),
      ['#file', '#file', '#file'],
    );
    assert.match(page.text('#file-error') ?? '', /Fix the problems listed above/);
    assert.deepEqual(await headcounts(), before);
  });

  it('says what is wrong with a missing, empty or unreadable file', async () => {
    const before = await headcounts();
    const cases: [Parameters<typeof multipart>[0], RegExp][] = [
      [null, /Choose the filled-in headcount template/],
      [csv(''), /The selected file is empty/],
      [
        { filename: 'headcount.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF') },
        /must be a CSV file or an Excel workbook/,
      ],
      [
        { filename: 'headcount.csv', type: 'text/csv', bytes: Buffer.from([0xff, 0xfe, 0x00]) },
        /must be a CSV file or an Excel workbook/,
      ],
      [
        {
          filename: 'headcount.xlsx',
          type: XLSX_CONTENT_TYPE,
          bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]),
        },
        /not an Excel workbook/,
      ],
      [
        csv('name,count\nschools,3\n'),
        /must name the columns sector key, sector name and headcount/,
      ],
    ];
    for (const [file, message] of cases) {
      const response = await upload(file);
      assert.equal(response.statusCode, 400, String(message));
      const page = dom(response.body);
      assert.equal(page.errors().length, 1);
      assert.match(page.errors()[0] ?? '', message);
      assert.match(page.text('#file-error') ?? '', message);
    }
    assert.deepEqual(await headcounts(), before);
  });

  it('refuses people who are not trust admins, and other trusts', async () => {
    const before = await headcounts();
    const body = multipart(csv('sector key,headcount\nschools,1\n'));
    const viewer = bed.as('viewer');
    await viewer.get('/');
    const refused = await viewer.request({
      method: 'POST',
      url: `${PAGE}/upload?_csrf=${encodeURIComponent(viewer.csrf)}`,
      ...body,
    });
    assert.equal(refused.statusCode, 403);
    const beta = bed.as('betaAdmin');
    await beta.get('/');
    const foreign = await beta.request({
      method: 'POST',
      url: `${PAGE}/upload?_csrf=${encodeURIComponent(beta.csrf)}`,
      ...multipart(csv('sector key,headcount\nschools,1\n')),
    });
    assert.equal(foreign.statusCode, 404);
    assert.deepEqual(await headcounts(), before);
  });
});
