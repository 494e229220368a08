import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { invitations, trusts } from '../../db/schema/index.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { dom, useApp } from '../../../test/build.ts';
import { Agent } from '../../../test/helpers.ts';
import { h1, radioNames, Respondent } from './testing.ts';

// A child's journey through an open link, as the server sees it: every form answers 303
// (Post/Redirect/Get), statements may be left out with a gentle prompt, children's own
// headings and answer words, the "If you are worried" panel, a lost cookie and the save
// code, Welsh; and the link of an invitation that a reminder followed.

/** The answer labels of the page's first statement. */
const firstLabels = (page: ReturnType<typeof dom>) =>
  (page.root.querySelector('fieldset')?.querySelectorAll('.govuk-radios__label') ?? []).map((l) =>
    l.text.trim(),
  );

const CONTACT = 'Riverside Children’s Services: 01234 567890';

describe('a child answering through an open link', () => {
  const t = useApp({ signIn: ['trust-admin'] });
  let base: string;
  let welshBase: string;

  before(async () => {
    await t.db.asSystem((tx) =>
      tx.update(trusts).set({ safeguardingContact: CONTACT }).where(eq(trusts.id, t.alpha.id)),
    );
    const round = await addRound(t.db, t.alpha.id);
    const q = await addQuestionnaire(t.db, t.alpha.id, round.id, {
      audience: 'children-young-people',
      title: 'Children and young people',
      areaKeys: ['shared-identity', 'keeping-safe'],
      askSector: false,
      languages: ['en', 'cy'],
    });
    base = `/q/${(await addLink(t.db, t.alpha.id, q.id)).code}`;
    welshBase = `/q/${(await addLink(t.db, t.alpha.id, q.id)).code}`;
  });

  it('answers every form with 303 and shows each step by GET', async () => {
    const r = new Respondent(t.app, base);
    await r.open();
    await r.send({ lang: 'en' }, `${base}/start`);
    assert.equal(r.posted.statusCode, 303);
    assert.equal(r.posted.headers.location, `${base}/page/1`);
    assert.equal(r.last.statusCode, 200);
    // The save code, given at once, as information (a notification banner, not an error).
    const first = dom(r.html);
    assert.equal(first.text('.govuk-notification-banner__title'), 'Your save code');
    assert.match(
      first.text('[data-testid=save-code]') ?? '',
      /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/,
    );
    assert.equal(first.has('.govuk-error-summary'), false);
    assert.equal(first.root.querySelector('title')?.text.startsWith('Error'), false);

    const names = radioNames(r.html);
    await r.send({ ...Object.fromEntries(names.map((n) => [n, '4'])), action: 'continue' });
    assert.equal(r.posted.statusCode, 303);
    assert.equal(r.posted.headers.location, `${base}/page/2`);
    await r.send({ action: 'save' });
    assert.equal(r.posted.statusCode, 303);
    assert.equal(r.posted.headers.location, `${base}/saved`);
    assert.equal(dom(r.html).text('h1'), "We've saved your answers");
    const code = dom(r.html).text('[data-testid=resume-code]') ?? '';
    await r.send({ code, lang: 'en' }, `${base}/resume`);
    assert.equal(r.posted.statusCode, 303);
    assert.equal(r.posted.headers.location, `${base}/page/2`);
    await r.answerPage('5');
    assert.equal(r.posted.headers.location, `${base}/check`);
    await r.submit();
    assert.equal(r.posted.statusCode, 303);
    assert.equal(r.posted.headers.location, `${base}/done?lang=en`);
    assert.equal(h1(r.html), 'Thank you');
  });

  it('shows only the children’s headings, introductions and answer words', async () => {
    const r = new Respondent(t.app, base);
    await r.start();
    const page = dom(r.html);
    assert.equal(page.text('h1'), 'Everyone working together for you');
    assert.match(page.text('main') ?? '', /Do they all want good things for you\?/);
    assert.doesNotMatch(page.text('main') ?? '', /Partners share a clear, agreed picture/);
    const labels = firstLabels(page);
    assert.deepEqual(labels, [
      'Not at all',
      'Not really',
      'Not sure',
      'Mostly',
      'Yes, totally',
      "Don't know",
      "Doesn't apply to me",
    ]);
    assert.equal(page.text('[data-testid=start], [data-testid=continue]'), 'Continue');
    assert.equal(page.text('header .govuk-generic-header__homepage-link'), 'Alpha Partnership');
    assert.equal(page.text('[data-testid=back]'), 'Back');
  });

  it('lets statements be left out: a gentle prompt, never an error, then carries on', async () => {
    const own = await addRound(t.db, t.alpha.id);
    const q = await addQuestionnaire(t.db, t.alpha.id, own.id, {
      audience: 'children-young-people',
      areaKeys: ['shared-identity', 'keeping-safe'],
      askSector: false,
    });
    const base = `/q/${(await addLink(t.db, t.alpha.id, q.id)).code}`;
    const r = new Respondent(t.app, base);
    await r.start();
    const names = radioNames(r.html);
    const skipped = names.slice(0, 3);
    const given = Object.fromEntries(names.slice(3).map((n) => [n, '4']));
    await r.send({ ...given, action: 'continue' });
    assert.equal(r.posted.statusCode, 303);
    assert.equal(r.posted.headers.location, `${base}/page/1?unanswered=yes`);
    const prompt = dom(r.html);
    assert.equal(r.last.statusCode, 200);
    assert.equal(prompt.has('.govuk-error-summary'), false);
    assert.equal(prompt.has('.govuk-error-message'), false);
    assert.equal(
      prompt.text('.govuk-inset-text[data-testid=unanswered]'),
      'You have not answered 3 sentences on this page. You can answer them now, or continue.',
    );
    // The answers given are kept; Continue again carries on.
    assert.equal(prompt.attr(`input[name="${names[3] ?? ''}"][value="4"]`, 'checked'), '');
    await r.send({ action: 'continue', prompted: 'yes' });
    assert.equal(r.posted.headers.location, `${base}/page/2`);
    assert.equal(h1(r.html), 'Feeling safe');
    await r.answerPage('2');
    const check = dom(r.html);
    assert.equal(h1(r.html), 'Check your answers');
    const missing = check.root.querySelectorAll('.ocw-not-answered');
    assert.equal(missing.length, 3);
    assert.ok(missing.every((m) => m.text.trim() === 'Not answered'));
    const changes = check.root
      .querySelectorAll('.govuk-summary-list__row')
      .filter((row) => row.querySelector('.ocw-not-answered') !== null)
      .map((row) => row.querySelector('a')?.getAttribute('href'));
    assert.deepEqual(
      changes,
      skipped.map((n) => `${base}/page/1?return=check#${n.replace(/\./g, '-')}`),
    );
    await r.submit();
    // An unanswered statement is simply absent from the stored answers.
    const stored = await t.db.withTrust(t.alpha.id, (tx) =>
      queryRows<{ item_key: string }>(
        tx,
        sql`select a.item_key from answers a join responses r on r.id = a.response_id
            where r.round_id = ${own.id}`,
      ),
    );
    assert.equal(stored.length, names.length - 3 + 10);
    for (const key of skipped)
      assert.ok(!stored.some((row) => row.item_key === key), `${key} is absent`);
  });

  it('shows "If you are worried" with Childline and the trust’s contact on the safeguarding page and at the end', async () => {
    const r = new Respondent(t.app, base);
    await r.start();
    assert.equal(dom(r.html).has('[data-testid=worried]'), false, 'not on other pages');
    await r.answerPage('3');
    const safe = dom(r.html);
    assert.equal(safe.text('h1'), 'Feeling safe');
    assert.equal(safe.text('[data-testid=worried] h2'), 'If you are worried');
    assert.match(safe.text('[data-testid=worried]') ?? '', /Childline free on 0800 1111, any time/);
    assert.equal(safe.text('[data-testid=trust-contact]'), CONTACT);
    assert.equal(
      safe.has('.govuk-inset-text[data-testid=worried]'),
      true,
      'an inset, not an error',
    );
    await r.answerPage('3');
    await r.submit();
    const done = dom(r.html);
    assert.match(done.text('[data-testid=worried]') ?? '', /0800 1111/);
    assert.equal(done.text('[data-testid=trust-contact]'), CONTACT);
  });

  it('brings the answers back with the save code when the cookie is lost', async () => {
    const r = new Respondent(t.app, base);
    await r.start();
    const code = dom(r.html).text('[data-testid=save-code]') ?? '';
    await r.answerPage('2');
    // A new browser (no cookies) at the same address.
    const lost = new Respondent(t.app, base);
    await lost.get(`${base}/page/2`);
    const page = dom(lost.html);
    assert.equal(lost.last.statusCode, 200);
    assert.equal(page.text('h1'), 'Continue with your save code');
    assert.equal(page.attr('form', 'action'), `${base}/resume`);
    assert.equal(page.text('[data-testid=start-again]'), 'Start again');
    assert.equal(page.has('.govuk-header__navigation, [data-testid=account-bar]'), false);
    assert.equal(page.text('header .govuk-generic-header__homepage-link'), 'Alpha Partnership');
    // A form sent with no cookies at all (its CSRF check fails): the same page, not staff's 403.
    const bare = await new Agent(t.app).post(
      `${base}/page/2`,
      { action: 'continue' },
      { csrf: false },
    );
    assert.equal(h1(bare.body), 'Continue with your save code');
    await lost.send({ code: code.toLowerCase(), lang: 'en' }, `${base}/resume`);
    assert.equal(h1(lost.html), 'Feeling safe');
    await lost.get(`${base}/page/1`);
    const name = radioNames(lost.html)[0] ?? '';
    assert.equal(dom(lost.html).attr(`input[name="${name}"][value="2"]`, 'checked'), '');
  });

  it('speaks Welsh to a child, with the same words for every step', async () => {
    const r = new Respondent(t.app, welshBase);
    await r.open('?lang=cy');
    assert.equal(dom(r.html).text('[data-testid=start]'), 'Dechrau nawr');
    await r.start('cy');
    const page = dom(r.html);
    assert.equal(page.text('h1'), "Pawb yn gweithio gyda'i gilydd i chi");
    const labels = firstLabels(page);
    assert.deepEqual(labels.slice(5), ['Ddim yn gwybod', 'Ddim yn berthnasol i mi']);
    assert.equal(page.text('[data-testid=continue]'), 'Parhau');
    assert.equal(page.text('[data-testid=back]'), 'Yn ôl');
    assert.equal(page.text('.govuk-notification-banner__title'), 'Eich cod cadw');
    await r.send({ action: 'continue' });
    assert.equal(
      dom(r.html).text('[data-testid=unanswered]'),
      'Dydych chi ddim wedi ateb 10 brawddeg ar y dudalen hon. Gallwch chi eu hateb nawr, neu barhau.',
    );
    await r.send({ action: 'continue', prompted: 'yes' });
    const safe = dom(r.html);
    assert.equal(safe.text('h1'), "Teimlo'n ddiogel");
    assert.match(safe.text('[data-testid=worried]') ?? '', /Childline am ddim ar 0800 1111/);
    const lost = await new Respondent(t.app, welshBase).get(`${welshBase}/page/1?lang=cy`);
    assert.equal(dom(lost.body).text('h1'), "Parhau gyda'ch cod cadw");
  });
});

describe('an invitation followed by a reminder', () => {
  const t = useApp({ signIn: ['trust-admin'] });
  let path: string;

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    const round = await addRound(t.db, t.alpha.id);
    const q = await addQuestionnaire(t.db, t.alpha.id, round.id, { closesOn: '2099-06-30' });
    path = `/trusts/alpha/rounds/${round.id}/questionnaires/${q.id}/invitations`;
  });

  const linkTo = (email: string) =>
    /http:\/\/ocw\.test(\/i\/[A-Za-z0-9_-]+)/.exec(t.outbox.lastTo(email)?.text ?? '')?.[1] ?? '';

  it('keeps the first email’s link working when the reminder comes seconds later', async () => {
    const admin = t.as('trust-admin');
    await admin.post(path, { emails: 'first@example.org' });
    await admin.post(`${path}/send`);
    const first = linkTo('first@example.org');
    await admin.post(`${path}/remind`);
    assert.equal(linkTo('first@example.org'), first, 'the reminder carries the same link');
    const page = await new Respondent(t.app, first).open();
    assert.equal(page.statusCode, 200);
    assert.equal(h1(page.body), 'Tell us how services for children work together');
  });

  it('says a newer email was sent when a reminder had to give a new link', async () => {
    const admin = t.as('trust-admin');
    await admin.post(path, { emails: 'second@example.org' });
    await admin.post(`${path}/send`);
    const first = linkTo('second@example.org');
    // The sealed link cannot be read back (sealed under an earlier session secret).
    await t.db.withTrust(t.alpha.id, (tx) =>
      tx
        .update(invitations)
        .set({ tokenSealed: 'v1.unreadable' })
        .where(eq(invitations.email, 'second@example.org')),
    );
    await admin.post(`${path}/remind`);
    const newer = linkTo('second@example.org');
    assert.notEqual(newer, first);
    const old = dom((await new Respondent(t.app, first).open()).body);
    assert.equal(old.text('h1'), 'This link has been replaced');
    assert.equal(
      old.text('[data-testid=reason]'),
      'We sent you a newer email about this questionnaire, with a new link. Use the link in the newest email. If you cannot find it, contact the person who invited you.',
    );
    assert.doesNotMatch(old.text('main') ?? '', /QR code/);
    assert.equal((await new Respondent(t.app, newer).open()).statusCode, 200);
    // An invitation link that never existed says to use the newest email, not to scan a code.
    const unknown = dom((await new Respondent(t.app, '/i/NoSuchInvitationToken').open()).body);
    assert.equal(unknown.text('h1'), 'We cannot find this questionnaire');
    assert.doesNotMatch(unknown.text('main') ?? '', /QR code/);
    assert.match(unknown.text('main') ?? '', /use the link in the newest one/);
  });
});
