import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, questionnaireLinks } from '../../db/schema/index.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { dom, useApp } from '../../../test/build.ts';

interface LinkBody {
  id: string;
  sector: string | null;
  sectorName: string;
  url: string;
  open: boolean;
}

interface ErrorBody {
  type: string;
  errors?: { field: string; message: string }[];
}

describe('open links in the API: listed, made for every sector, closed, reopened, QR and poster', () => {
  const t = useApp({ tokens: ['trust-admin', 'viewer', 'beta'], signIn: ['trust-admin'] });
  let roundId = '';
  let qId = '';
  let base = '';

  const links = () =>
    t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(questionnaireLinks).where(eq(questionnaireLinks.questionnaireId, qId)),
    );
  const entries = (action: string) =>
    t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, action)),
    );
  const firstLink = async () => {
    const list = await t.api('trust-admin', 'GET', `${base}/links`);
    const link = list.json<LinkBody[]>().find((l) => l.sector === 'health');
    assert.ok(link);
    return link;
  };

  it('creates a link for every sector and one for any sector, once', async () => {
    await addSectors(t.db, t.alpha.id);
    roundId = (await addRound(t.db, t.alpha.id)).id;
    qId = (await addQuestionnaire(t.db, t.alpha.id, roundId)).id;
    base = `/api/v1/trusts/alpha/rounds/${roundId}/questionnaires/${qId}`;
    const one = await t.api('trust-admin', 'POST', `${base}/links`, { sector: 'schools' });
    assert.equal(one.statusCode, 201);
    const all = await t.api('trust-admin', 'POST', `${base}/links/all`);
    assert.equal(all.statusCode, 200);
    const body = all.json<{ created: number; links: LinkBody[] }>();
    assert.equal(body.created, 3);
    // The link for any sector first, then the trust's sectors in the national order.
    assert.deepEqual(
      body.links.map((l) => l.sector),
      [null, 'early-years', 'schools', 'health'],
    );
    assert.equal(body.links[0]?.sectorName, 'Any sector — respondents choose');
    assert.ok(body.links.every((l) => l.open && l.url.startsWith('http://ocw.test/q/')));
    const [entry] = await entries('created questionnaire links');
    assert.equal(entry?.entityId, qId);
    assert.equal(entry.actor, 'API token: test trust-admin');
    assert.deepEqual((entry.details as { sectors: string[] }).sectors.sort(), [
      'any',
      'early-years',
      'health',
    ]);
    const again = await t.api('trust-admin', 'POST', `${base}/links/all`);
    assert.equal(again.json<{ created: number }>().created, 0);
    assert.equal((await links()).length, 4);
    assert.equal((await entries('created questionnaire links')).length, 1);
  });

  it('lists the links as the links download lists them', async () => {
    const list = await t.api('trust-admin', 'GET', `${base}/links`);
    assert.equal(list.statusCode, 200);
    const csv = await t
      .as('trust-admin')
      .get(`/trusts/alpha/rounds/${roundId}/questionnaires/${qId}/links.csv`);
    const [header = '', ...lines] = csv.body.trim().split(/\r?\n/);
    const column = header.split(',').indexOf('Link');
    assert.notEqual(column, -1, header);
    assert.deepEqual(
      list.json<LinkBody[]>().map((l) => l.url),
      lines.map((line) => line.split(',')[column]),
    );
  });

  it('closes and reopens a link, each audited', async () => {
    const link = await firstLink();
    const closed = await t.api('trust-admin', 'POST', `${base}/links/${link.id}/close`);
    assert.equal(closed.statusCode, 200);
    assert.deepEqual(closed.json<LinkBody>(), { ...link, open: false });
    assert.ok((await links()).find((l) => l.id === link.id)?.closedAt);
    const [closing] = await entries('closed questionnaire link');
    assert.equal(closing?.entityId, link.id);
    const reopened = await t.api('trust-admin', 'POST', `${base}/links/${link.id}/reopen`);
    assert.equal(reopened.statusCode, 200);
    assert.equal(reopened.json<LinkBody>().open, true);
    assert.equal((await entries('reopened questionnaire link')).length, 1);
    assert.equal((await links()).find((l) => l.id === link.id)?.closedAt, null);
  });

  it('gives the QR code as PNG or SVG, and refuses another format (400)', async () => {
    const link = await firstLink();
    const png = await t.api('trust-admin', 'GET', `${base}/links/${link.id}/qr`);
    assert.equal(png.statusCode, 200);
    assert.equal(png.headers['content-type'], 'image/png');
    assert.deepEqual([...png.rawPayload.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const svg = await t.api('trust-admin', 'GET', `${base}/links/${link.id}/qr?format=svg`);
    assert.equal(svg.statusCode, 200);
    assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
    assert.match(svg.body, /<svg[\s>]/);
    // The same image as the page's download.
    const page = await t
      .as('trust-admin')
      .get(`/trusts/alpha/rounds/${roundId}/questionnaires/${qId}/links/${link.id}/qr.svg`);
    assert.equal(svg.body, page.body);
    const gif = await t.api('trust-admin', 'GET', `${base}/links/${link.id}/qr?format=gif`);
    assert.equal(gif.statusCode, 400);
    assert.match(String(gif.headers['content-type']), /application\/problem\+json/);
    assert.deepEqual(
      gif.json<ErrorBody>().errors?.map((e) => e.field),
      ['query.format'],
    );
  });

  it('gives the poster as the page shows it, with its QR code inside the page', async () => {
    const link = await firstLink();
    const api = await t.api('trust-admin', 'GET', `${base}/links/${link.id}/poster`);
    assert.equal(api.statusCode, 200);
    assert.match(String(api.headers['content-type']), /^text\/html/);
    const web = await t
      .as('trust-admin')
      .get(`/trusts/alpha/rounds/${roundId}/questionnaires/${qId}/links/${link.id}/poster`);
    const [fromApi, fromWeb] = [dom(api.body), dom(web.body)];
    assert.equal(fromApi.text('h1'), 'Have your say: Frontline practitioners questionnaire');
    assert.equal(fromApi.text('[data-testid="poster"]'), fromWeb.text('[data-testid="poster"]'));
    assert.match(fromApi.text('[data-testid="poster"]') ?? '', /in Health\./);
    assert.ok(fromApi.text('[data-testid="poster"]')?.includes(link.url));
    assert.match(fromApi.attr('.ocw-poster__qr', 'src') ?? '', /^data:image\/svg\+xml;base64,/);
  });

  it('refuses a viewer token (403) and changes nothing', async () => {
    const link = await firstLink();
    const before = await links();
    for (const [method, url] of [
      ['GET', `${base}/links`],
      ['POST', `${base}/links/all`],
      ['POST', `${base}/links/${link.id}/close`],
      ['POST', `${base}/links/${link.id}/reopen`],
      ['GET', `${base}/links/${link.id}/qr`],
      ['GET', `${base}/links/${link.id}/poster`],
    ] as const) {
      const response = await t.api('viewer', method, url);
      assert.equal(response.statusCode, 403, url);
    }
    assert.deepEqual(await links(), before);
  });

  it("answers 404 for another trust's round and for a link of another questionnaire", async () => {
    const link = await firstLink();
    const theirs = `/api/v1/trusts/beta/rounds/${roundId}/questionnaires/${qId}`;
    for (const [method, url] of [
      ['GET', `${theirs}/links`],
      ['POST', `${theirs}/links/all`],
      ['POST', `${theirs}/links/${link.id}/close`],
      ['GET', `${theirs}/links/${link.id}/qr`],
      ['GET', `${theirs}/links/${link.id}/poster`],
      ['POST', `${base}/links/${link.id}/close`],
    ] as const) {
      const response = await t.api('beta', method, url);
      assert.equal(response.statusCode, 404, url);
    }
    const other = await addQuestionnaire(t.db, t.alpha.id, roundId, { title: 'Another' });
    const elsewhere = `/api/v1/trusts/alpha/rounds/${roundId}/questionnaires/${other.id}`;
    for (const [method, url] of [
      ['POST', `${elsewhere}/links/${link.id}/close`],
      ['GET', `${elsewhere}/links/${link.id}/qr`],
      ['GET', `${elsewhere}/links/${link.id}/poster`],
      ['GET', `${base}/links/${crypto.randomUUID()}/qr`],
      ['GET', `${base}/links/not-a-uuid/qr`],
    ] as const) {
      const response = await t.api('trust-admin', method, url);
      assert.equal(response.statusCode, 404, url);
    }
    assert.equal((await links()).find((l) => l.id === link.id)?.closedAt, null);
  });

  it('makes no link in a round that is still planning (409)', async () => {
    const planning = await addRound(t.db, t.alpha.id, { status: 'planning' });
    const q = await addQuestionnaire(t.db, t.alpha.id, planning.id);
    const closedLink = await addLink(t.db, t.alpha.id, q.id, {
      sectorKey: 'health',
      closedAt: new Date(),
    });
    const url = `/api/v1/trusts/alpha/rounds/${planning.id}/questionnaires/${q.id}/links`;
    const all = await t.api('trust-admin', 'POST', `${url}/all`);
    assert.equal(all.statusCode, 409);
    assert.match(String(all.headers['content-type']), /application\/problem\+json/);
    const reopen = await t.api('trust-admin', 'POST', `${url}/${closedLink.id}/reopen`);
    assert.equal(reopen.statusCode, 409);
    const stored = await t.db.withTrust(t.alpha.id, (tx) =>
      tx
        .select()
        .from(questionnaireLinks)
        .where(and(eq(questionnaireLinks.questionnaireId, q.id))),
    );
    assert.equal(stored.length, 1);
    assert.ok(stored[0]?.closedAt);
  });
});
