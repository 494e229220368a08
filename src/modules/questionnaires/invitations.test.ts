import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { invitations } from '../../db/schema/index.ts';
import type { Mailer } from '../../mail.ts';
import { startSmtpServer, type ReceivedMail, type TestSmtp } from '../../../test/smtp.ts';
import { addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { dom, type Dom, useApp } from '../../../test/build.ts';
import { sha256 } from '../people/passwords.ts';
import { parseEmailList } from './invitations.ts';

/** The rows of a GOV.UK summary list, as key → value. */
function summary(page: Dom, selector: string): Record<string, string> {
  const list = page.root.querySelector(selector);
  const entries = (list?.querySelectorAll('.govuk-summary-list__row') ?? []).map((row) => [
    row.querySelector('dt')?.text.replace(/\s+/g, ' ').trim() ?? '',
    row.querySelector('dd')?.text.replace(/\s+/g, ' ').trim() ?? '',
  ]);
  return Object.fromEntries(entries) as Record<string, string>;
}

const counts = (html: string) => summary(dom(html), '[data-testid="invitation-counts"]');
const COUNT_KEYS = ['Invited', 'Sent', 'Reminded', 'Opened', 'Not opened'];
const expectCounts = (...values: number[]) =>
  Object.fromEntries(COUNT_KEYS.map((key, i) => [key, String(values[i])]));

/** The banner's message at the top of a page. */
const banner = (html: string) => dom(html).text('.govuk-notification-banner__heading');

const tokenIn = (mail: ReceivedMail | undefined) =>
  /http:\/\/ocw\.test\/i\/([A-Za-z0-9_-]{20,})/.exec(mail?.body ?? '')?.[1];

describe('parsing a list of email addresses', () => {
  it('takes lines, commas, semicolons and "Name <address>", each address once', () => {
    const list = parseEmailList(
      'a@example.org\r\nB@Example.org, c@example.org;d@example.org\n\n  Jo Bloggs <jo@example.org> ;a@example.org\n',
    );
    assert.deepEqual(list.emails, [
      'a@example.org',
      'b@example.org',
      'c@example.org',
      'd@example.org',
      'jo@example.org',
    ]);
    assert.equal(list.repeats, 1);
    assert.deepEqual(list.bad, []);
  });

  it('reports bad addresses with their line numbers', () => {
    const list = parseEmailList('ok@example.org\nnot an address\n\nalso@bad, fine@example.org');
    assert.deepEqual(list.bad, [
      { line: 2, value: 'not an address' },
      { line: 4, value: 'also@bad' },
    ]);
  });
});

describe('personal invitations, sent through a real SMTP server', () => {
  let smtp: TestSmtp;
  let received: ReceivedMail[];
  let failing = false;
  before(async () => {
    smtp = await startSmtpServer();
    received = smtp.received;
  });
  // The same real mailer, made to fail on demand (as when the mail server is down).
  const mailer: Mailer = {
    send: (mail) =>
      failing ? Promise.reject(new Error('mail server down')) : smtp.mailer.send(mail),
  };
  const t = useApp({ mailer, signIn: ['trust-admin', 'viewer', 'betaAdmin'] });
  after(() => smtp.close());
  const admin = () => t.as('trust-admin');
  let questionnaireId: string;
  let roundId: string;
  let path: string;
  /** The token of each person's first email. */
  const firstTokens = new Map<string, string>();

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    const round = await addRound(t.db, t.alpha.id);
    roundId = round.id;
    const q = await addQuestionnaire(t.db, t.alpha.id, round.id, {
      title: 'Frontline questionnaire',
      closesOn: '2099-06-30',
    });
    questionnaireId = q.id;
    path = `/trusts/alpha/rounds/${round.id}/questionnaires/${q.id}/invitations`;
  });

  const rows = () =>
    t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(invitations).where(eq(invitations.questionnaireId, questionnaireId)),
    );
  const dbToday = async () => {
    const [row] = await queryRows<{ today: string }>(
      t.db.raw,
      sql`select to_char(current_date, 'YYYY-MM-DD') as today`,
    );
    return row?.today;
  };

  it('shows the page with counts and the form', async () => {
    const page = await admin().get(path);
    assert.equal(page.statusCode, 200);
    const html = dom(page.body);
    assert.equal(html.text('h1.govuk-heading-l'), 'Invite people by email');
    assert.deepEqual(counts(page.body), expectCounts(0, 0, 0, 0, 0));
    assert.equal(html.attr('textarea#emails', 'name'), 'emails');
    assert.equal(html.text('select[name="sector"] option[value="health"]'), 'Health');
  });

  it('refuses a list with bad lines, naming each line, and saves nothing', async () => {
    const response = await admin().post(path, {
      emails: 'good@example.org\nnot-an-email\nalso.good@example.org\nbad@; worse',
    });
    assert.equal(response.statusCode, 400);
    const page = dom(response.body);
    const message =
      'Line 2 is not an email address: not-an-email. Line 4 is not an email address: bad@. ' +
      'Line 4 is not an email address: worse';
    assert.equal(page.text('.govuk-error-summary__list a[href="#emails"]'), message);
    assert.deepEqual(page.errors(), [message]);
    assert.equal(page.text('#emails-error'), `Error: ${message}`);
    assert.ok(!page.errors().some((e) => e.includes('Line 1 ')));
    // What was typed is kept.
    assert.equal(
      page.root.querySelector('textarea#emails')?.text.trim(),
      'good@example.org\nnot-an-email\nalso.good@example.org\nbad@; worse',
    );
    assert.equal((await rows()).length, 0);
  });

  it('refuses an empty list, too many addresses and an unknown sector', async () => {
    const empty = await admin().post(path, { emails: ' \n ,; ' });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(dom(empty.body).errors(), ['Enter at least one email address']);
    const many = Array.from({ length: 2001 }, (_, i) => `person${i}@example.org`).join('\n');
    const tooMany = await admin().post(path, { emails: many });
    assert.equal(tooMany.statusCode, 400);
    assert.deepEqual(dom(tooMany.body).errors(), [
      'Enter 2,000 email addresses or fewer at a time',
    ]);
    const sector = await admin().post(path, { emails: 'a@example.org', sector: 'pirates' });
    assert.equal(sector.statusCode, 400);
    assert.ok(dom(sector.body).has('.govuk-error-summary__list a[href="#sector"]'));
    assert.ok(dom(sector.body).has('#sector-error'));
    assert.equal((await rows()).length, 0);
  });

  it('adds people, skipping repeats and those already invited', async () => {
    const first = await admin().post(path, {
      emails: 'ann@example.org\nben@example.org, ann@example.org\ncat@example.org',
      sector: 'health',
    });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, `${path}?done=added&n=3&skipped=1`);
    const page = await admin().get(first.headers.location);
    assert.ok(banner(page.body)?.startsWith('3 people added. 1 address was skipped'));
    const second = await admin().post(path, {
      emails: 'Ben@example.org; dan@example.org; eve@example.org; fay@example.org',
    });
    assert.equal(second.headers.location, `${path}?done=added&n=3&skipped=1`);
    const all = await rows();
    assert.equal(all.length, 6);
    assert.equal(all.find((r) => r.email === 'ann@example.org')?.sectorKey, 'health');
    assert.equal(all.find((r) => r.email === 'dan@example.org')?.sectorKey, null);
    assert.ok(all.every((r) => r.sentOn === null && /^[A-Za-z0-9_-]{43}$/.test(r.tokenHash)));
  });

  it('sends each invitation with its own /i/ link, once', async () => {
    const before = received.length;
    const response = await admin().post(`${path}/send`);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `${path}?done=sent&n=6`);
    const mails = received.slice(before);
    assert.equal(mails.length, 6);
    assert.deepEqual(mails.map((m) => m.to[0]).sort(), [
      'ann@example.org',
      'ben@example.org',
      'cat@example.org',
      'dan@example.org',
      'eve@example.org',
      'fay@example.org',
    ]);
    const all = await rows();
    const today = await dbToday();
    for (const mail of mails) {
      assert.match(mail.subject, /Please tell us what you think: Frontline questionnaire/);
      assert.match(mail.body, /Alpha Partnership/);
      assert.match(mail.body, /Your answers are anonymous/);
      assert.match(mail.body, /closes on 30 June 2099/);
      const token = tokenIn(mail);
      assert.ok(token, mail.body);
      const row = all.find((r) => r.email === mail.to[0]);
      // Only the hash is stored in clear, and it is the hash of the mailed token; the
      // token itself is kept sealed (for reminders), never readable from the database.
      assert.equal(row?.tokenHash, sha256(token));
      assert.ok(!JSON.stringify(all).includes(token));
      assert.match(row.tokenSealed ?? '', /^v1\./);
      assert.equal(row.sentOn, today);
      assert.equal(row.openedOn, null);
      assert.doesNotMatch(mail.body, /works once/);
      firstTokens.set(mail.to[0] ?? '', token);
    }
    const again = await admin().post(`${path}/send`);
    assert.equal(again.headers.location, `${path}?done=sent&n=0`);
    assert.equal(received.length, before + 6);
    const page = await admin().get(`${path}?done=sent&n=6`);
    assert.ok(banner(page.body)?.startsWith('6 invitations sent'), banner(page.body));
    assert.deepEqual(counts(page.body), expectCounts(6, 6, 0, 0, 6));
  });

  it('reminds only those who have not opened their link, with the same link, not twice in a day', async () => {
    // Ann and Cat open their links (Ann twice, as from a second device).
    for (const email of ['ann@example.org', 'cat@example.org', 'ann@example.org']) {
      const opened = await t.anonymous().get(`/i/${firstTokens.get(email) ?? ''}`);
      assert.equal(opened.statusCode, 200);
    }
    const oldHashes = new Map((await rows()).map((r) => [r.email, r.tokenHash]));
    const before = received.length;
    const response = await admin().post(`${path}/remind`);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `${path}?done=reminded&n=4`);
    const mails = received.slice(before);
    assert.deepEqual(mails.map((m) => m.to[0]).sort(), [
      'ben@example.org',
      'dan@example.org',
      'eve@example.org',
      'fay@example.org',
    ]);
    const all = await rows();
    for (const mail of mails) {
      assert.match(mail.subject, /^Reminder: /);
      assert.doesNotMatch(mail.body, /new link|no longer works/);
      assert.match(mail.body, /Your answers are anonymous/);
      const token = tokenIn(mail);
      assert.ok(token);
      // The same link as the first email: it keeps working.
      assert.equal(token, firstTokens.get(mail.to[0] ?? ''));
      const row = all.find((r) => r.email === mail.to[0]);
      assert.equal(row?.tokenHash, sha256(token));
      assert.equal(row.tokenHash, oldHashes.get(row.email));
      assert.equal(row.remindedOn, await dbToday());
      assert.equal(row.openedOn, null);
    }
    for (const email of ['ann@example.org', 'cat@example.org']) {
      const row = all.find((r) => r.email === email);
      assert.equal(row?.remindedOn, null);
      assert.equal(row.openedOn, await dbToday());
      assert.equal(row.tokenHash, oldHashes.get(email));
    }
    // Ben follows the reminder's link, which is his first link.
    const ben = tokenIn(mails.find((m) => m.to[0] === 'ben@example.org'));
    const start = await t.anonymous().get(`/i/${ben ?? ''}`);
    assert.equal(start.statusCode, 200);
    assert.ok(
      dom(start.body)
        .texts('a, button')
        .some((b) => b.startsWith('Start now')),
    );
    const again = await admin().post(`${path}/remind`);
    assert.equal(again.headers.location, `${path}?done=reminded&n=0`);
    assert.equal(received.length, before + 4);
    const page = await admin().get(`${path}?done=reminded&n=0`);
    assert.ok(banner(page.body)?.startsWith('Nobody needed a reminder today'), banner(page.body));
  });

  it('shows which links were opened, never who answered', async () => {
    const page = await admin().get(path);
    assert.deepEqual(counts(page.body), expectCounts(6, 6, 4, 3, 3));
    const table = dom(page.body).rows('[data-testid="invited"]');
    assert.deepEqual(table[0], ['Email address', 'Sector', 'Sent', 'Last reminded', 'Link']);
    assert.ok(table.every((row) => row.every((cell) => !/answered/i.test(cell))));
    const date = /^\d+ \w+ \d{4}$/;
    const ann = table.find((row) => row[0] === 'ann@example.org');
    assert.ok(ann, JSON.stringify(table));
    assert.equal(ann[1], 'Health');
    assert.match(ann[2] ?? '', date);
    assert.equal(ann[3], '');
    assert.equal(ann[4], 'Opened');
    const dan = table.find((row) => row[0] === 'dan@example.org');
    assert.ok(dan, JSON.stringify(table));
    assert.equal(dan[1], '');
    assert.match(dan[2] ?? '', date);
    assert.match(dan[3] ?? '', date);
    assert.equal(dan[4], 'Not opened');
    const csv = await admin().get(`${path}.csv`);
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.body.split('\r\n')[0], 'Email address,Sector,Sent,Last reminded,Link');
    assert.ok(csv.body.split('\r\n').includes(ann.join(',')));
    assert.doesNotMatch(csv.body, /answered|true|false/i);
    const questionnairePage = await admin().get(path.replace(/\/invitations$/, ''));
    assert.deepEqual(counts(questionnairePage.body), expectCounts(6, 6, 4, 3, 3));
  });

  it('says so when the mail server fails, and marks nothing sent', async () => {
    await admin().post(path, { emails: 'gus@example.org' });
    failing = true;
    try {
      const response = await admin().post(`${path}/send`);
      assert.equal(response.statusCode, 503);
      const page = dom(response.body);
      const message = page.text('.govuk-error-summary__list a[href="#send"]');
      assert.ok(message?.startsWith('We could not send the emails. 0 emails were sent'), message);
    } finally {
      failing = false;
    }
    const gus = (await rows()).find((r) => r.email === 'gus@example.org');
    assert.equal(gus?.sentOn, null);
    const retry = await admin().post(`${path}/send`);
    assert.equal(retry.headers.location, `${path}?done=sent&n=1`);
    assert.deepEqual(received.at(-1)?.to, ['gus@example.org']);
  });

  it('sends nothing once the questionnaire has closed', async () => {
    const closedQ = await addQuestionnaire(t.db, t.alpha.id, roundId, {
      title: 'Old questionnaire',
      closesOn: '2020-01-31',
    });
    const closedPath = `/trusts/alpha/rounds/${roundId}/questionnaires/${closedQ.id}/invitations`;
    await admin().post(closedPath, { emails: 'late@example.org' });
    const before = received.length;
    const response = await admin().post(`${closedPath}/send`);
    assert.equal(response.statusCode, 400);
    const errors = dom(response.body).errors();
    assert.ok(
      errors.some((e) => e.startsWith('This questionnaire closed on 31 January 2020')),
      errors.join('; '),
    );
    assert.equal(received.length, before);
  });

  it('keeps invitations to the trust admin of the trust', async () => {
    const viewer = t.as('viewer');
    assert.equal((await viewer.get(path)).statusCode, 403);
    assert.equal((await viewer.get(`${path}.csv`)).statusCode, 403);
    assert.equal((await viewer.post(path, { emails: 'x@example.org' })).statusCode, 403);
    assert.equal((await viewer.post(`${path}/send`)).statusCode, 403);
    const beta = t.as('betaAdmin');
    assert.equal((await beta.get(path)).statusCode, 404);
    assert.equal((await beta.post(`${path}/remind`)).statusCode, 404);
    assert.equal((await rows()).filter((r) => r.email === 'x@example.org').length, 0);
  });
});
