import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { questionnaireLinks } from '../../db/schema/index.ts';
import { addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { dom, useApp } from '../../../test/build.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('open links of a questionnaire', () => {
  const t = useApp({ signIn: ['trust-admin', 'viewer', 'betaAdmin'] });
  const admin = () => t.as('trust-admin');
  let qBase: string;
  let questionnaireId: string;

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    const round = await addRound(t.db, t.alpha.id);
    const q = await addQuestionnaire(t.db, t.alpha.id, round.id, {
      title: 'Frontline questionnaire',
      closesOn: '2099-06-30',
    });
    questionnaireId = q.id;
    qBase = `/trusts/alpha/rounds/${round.id}/questionnaires/${q.id}`;
  });

  /** The text of the error summary link to a field, and of the field's own error message. */
  const problem = (html: string, field: string) => {
    const page = dom(html);
    return {
      summary: page.text(`.govuk-error-summary__list a[href="#${field}"]`),
      inline: page.text(`#${field}-error`)?.replace(/^Error: /, ''),
    };
  };

  const links = () =>
    t.db.withTrust(t.alpha.id, (tx) =>
      tx
        .select()
        .from(questionnaireLinks)
        .where(eq(questionnaireLinks.questionnaireId, questionnaireId)),
    );

  it('shows no links at first', async () => {
    const page = await admin().get(qBase);
    assert.equal(page.statusCode, 200);
    const html = dom(page.body);
    assert.ok(html.has('[data-testid="no-links"]'));
    assert.equal(html.text('[data-testid="links-all"]'), 'Create a link for every sector');
  });

  it('creates a link for every sector plus one for any sector, once', async () => {
    const response = await admin().post(`${qBase}/links/all`);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `${qBase}?done=links-created&n=4#links`);
    const rows = await links();
    assert.deepEqual(rows.map((l) => l.sectorKey ?? 'any').sort(), [
      'any',
      'early-years',
      'health',
      'schools',
    ]);
    for (const link of rows) assert.match(link.code, /^[A-Za-z0-9_-]{12}$/);
    assert.equal(new Set(rows.map((l) => l.code)).size, 4);

    const page = await admin().get(`${qBase}?done=links-created&n=4`);
    const html = dom(page.body);
    assert.ok(html.text('.govuk-notification-banner__heading')?.startsWith('4 links created'));
    const table = html.rows('[data-testid="links"]');
    const sectors = table.slice(1).map((row) => row[0]);
    assert.ok(sectors.includes('Any sector — respondents choose'));
    assert.ok(sectors.includes('Early years and childcare'));
    assert.deepEqual(
      table
        .slice(1)
        .map((row) => row[1])
        .sort(),
      rows.map((link) => `http://ocw.test/q/${link.code}`).sort(),
    );
    assert.ok(!html.has('[data-testid="links-all"]'));
    // Responses are not counted per link.
    assert.ok(!(table[0] ?? []).some((heading) => /Responses/.test(heading)), String(table[0]));

    const again = await admin().post(`${qBase}/links/all`);
    assert.equal(again.headers.location, `${qBase}?done=links-created&n=0#links`);
    assert.equal((await links()).length, 4);
    const none = await admin().get(`${qBase}?done=links-created&n=0`);
    assert.ok(
      dom(none.body)
        .text('.govuk-notification-banner__heading')
        ?.startsWith('Every sector already has a link'),
    );
  });

  it('adds a link for a new sector, and refuses a second one or an unknown sector', async () => {
    await addSectors(t.db, t.alpha.id, [{ key: 'police', name: 'Police', headcount: 50 }]);
    const missing = await admin().post(`${qBase}/links`, { sector: '' });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(problem(missing.body, 'sector'), {
      summary: 'Select a sector, or any sector',
      inline: 'Select a sector, or any sector',
    });
    const unknown = await admin().post(`${qBase}/links`, { sector: 'pirates' });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(problem(unknown.body, 'sector'), {
      summary: 'Select a sector from the list',
      inline: 'Select a sector from the list',
    });
    const twice = await admin().post(`${qBase}/links`, { sector: 'health' });
    assert.equal(twice.statusCode, 400);
    assert.deepEqual(problem(twice.body, 'sector'), {
      summary: 'This questionnaire already has a link for Health',
      inline: 'This questionnaire already has a link for Health',
    });
    const anyTwice = await admin().post(`${qBase}/links`, { sector: '_any' });
    assert.equal(anyTwice.statusCode, 400);
    assert.deepEqual(problem(anyTwice.body, 'sector'), {
      summary: 'This questionnaire already has a link for any sector',
      inline: 'This questionnaire already has a link for any sector',
    });
    assert.equal((await links()).length, 4);

    const added = await admin().post(`${qBase}/links`, { sector: 'police' });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, `${qBase}?done=link-created#links`);
    const rows = await links();
    assert.equal(rows.length, 5);
    assert.ok(rows.some((l) => l.sectorKey === 'police'));
  });

  it('closes and reopens a link', async () => {
    const [link] = (await links()).filter((l) => l.sectorKey === 'health');
    assert.ok(link);
    const closed = await admin().post(`${qBase}/links/${link.id}/close`);
    assert.equal(closed.statusCode, 303);
    assert.equal(closed.headers.location, `${qBase}?done=link-closed#links`);
    let row = (await links()).find((l) => l.id === link.id);
    assert.ok(row?.closedAt instanceof Date);
    const page = await admin().get(qBase);
    const html = dom(page.body);
    assert.ok(html.has(`form[action="${qBase}/links/${link.id}/reopen"]`));
    const healthRow = html.rows('[data-testid="links"]').find((r) => r[0] === 'Health');
    assert.equal(healthRow?.[2], 'Closed');

    const reopened = await admin().post(`${qBase}/links/${link.id}/reopen`);
    assert.equal(reopened.headers.location, `${qBase}?done=link-reopened#links`);
    row = (await links()).find((l) => l.id === link.id);
    assert.equal(row?.closedAt, null);

    const unknown = await admin().post(`${qBase}/links/00000000-0000-4000-8000-000000000000/close`);
    assert.equal(unknown.statusCode, 404);
    const bad = await admin().post(`${qBase}/links/not-an-id/close`);
    assert.equal(bad.statusCode, 404);
  });

  it('gives a QR code as SVG and PNG downloads', async () => {
    const [link] = await links();
    assert.ok(link);
    const svg = await admin().get(`${qBase}/links/${link.id}/qr.svg`);
    assert.equal(svg.statusCode, 200);
    assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
    assert.match(String(svg.headers['content-disposition']), /^attachment; filename=".+\.svg"$/);
    assert.ok(/^(<svg|<\?xml)/.test(svg.body.trimStart()), svg.body.slice(0, 40));
    assert.match(svg.body, /<\/svg>\s*$/);
    assert.match(svg.body, /<path/);

    const png = await admin().get(`${qBase}/links/${link.id}/qr.png`);
    assert.equal(png.statusCode, 200);
    assert.equal(png.headers['content-type'], 'image/png');
    assert.match(String(png.headers['content-disposition']), /^attachment; filename=".+\.png"$/);
    assert.ok(png.rawPayload.subarray(0, 8).equals(PNG_SIGNATURE));
    assert.ok(png.rawPayload.length > 100);
  });

  it('makes a printable poster', async () => {
    const [link] = (await links()).filter((l) => l.sectorKey === 'schools');
    assert.ok(link);
    const poster = await admin().get(`${qBase}/links/${link.id}/poster`);
    assert.equal(poster.statusCode, 200);
    const page = dom(poster.body);
    assert.deepEqual(page.texts('h1'), ['Have your say: Frontline questionnaire']);
    const said = page.texts('[data-testid="poster"] p');
    assert.ok(
      said.includes('Alpha Partnership wants to hear from frontline practitioners in Schools.'),
      said.join(' | '),
    );
    assert.ok(said.includes(`http://ocw.test/q/${link.code}`), said.join(' | '));
    assert.ok(said.includes('Open until 30 June 2099.'), said.join(' | '));
    assert.ok(
      said.some((p) => p.includes('anonymous')),
      said.join(' | '),
    );
    assert.equal(
      page.attr('[data-testid="poster"] img', 'src'),
      `${qBase}/links/${link.id}/qr.svg`,
    );
    assert.equal(
      page.attr('[data-testid="poster"] img', 'alt'),
      `QR code that opens http://ocw.test/q/${link.code}`,
    );
    // Print-friendly: header and footer hidden in print; styles come from the stylesheet only.
    const header = page.root.querySelector('header');
    assert.ok(header);
    assert.equal(header.parentNode?.classList.contains('govuk-!-display-none-print'), true);
    assert.ok(!page.has('style'));
    assert.ok(!page.has('[style]'));
    assert.ok(!page.has('.govuk-warning-text'));

    await admin().post(`${qBase}/links/${link.id}/close`);
    const closed = await admin().get(`${qBase}/links/${link.id}/poster`);
    assert.ok(dom(closed.body).text('.govuk-warning-text__text')?.includes('This link is closed'));
  });

  it('exports the links as CSV', async () => {
    const csv = await admin().get(`${qBase}/links.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /attachment/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'Sector,Link,Status');
    assert.equal(lines.length, 6);
    assert.match(csv.body, /^Schools,http:\/\/ocw\.test\/q\/[A-Za-z0-9_-]{12},Closed$/m);
    assert.match(csv.body, /^Any sector — respondents choose,http:\/\/ocw\.test\/q\//m);
    const same = await admin().get(`${qBase}.csv?table=links`);
    assert.equal(same.body, csv.body);
  });

  it('keeps links to the trust admin and the trust', async () => {
    const [link] = await links();
    assert.ok(link);
    const viewer = t.as('viewer');
    for (const url of [
      `${qBase}/links/${link.id}/qr.svg`,
      `${qBase}/links/${link.id}/poster`,
      `${qBase}/links.csv`,
    ])
      assert.equal((await viewer.get(url)).statusCode, 403, url);
    const post = await viewer.post(`${qBase}/links/all`);
    assert.equal(post.statusCode, 403);
    const beta = t.as('betaAdmin');
    assert.equal((await beta.get(`${qBase}/links/${link.id}/qr.png`)).statusCode, 404);
    assert.equal((await beta.post(`${qBase}/links/${link.id}/close`)).statusCode, 404);
  });
});
