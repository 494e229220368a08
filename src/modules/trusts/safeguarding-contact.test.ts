import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, trusts } from '../../db/schema/index.ts';
import { dom, useApp } from '../../../test/build.ts';

describe('the safeguarding contact for respondents', () => {
  const t = useApp({ signIn: ['trust-admin', 'viewer', 'betaAdmin'] });
  const admin = () => t.as('trust-admin');
  const path = '/trusts/alpha/settings/safeguarding-contact';

  const stored = async () => {
    const [row] = await t.db.asSystem((tx) =>
      tx
        .select({ contact: trusts.safeguardingContact })
        .from(trusts)
        .where(eq(trusts.id, t.alpha.id)),
    );
    return row?.contact;
  };
  const audits = () =>
    t.db.asSystem((tx) =>
      tx
        .select({ action: auditLog.action, details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.trustId, t.alpha.id), eq(auditLog.entity, 'trust'))),
    );

  it('is listed with the trust settings, not set at first', async () => {
    const page = dom((await admin().get('/trusts/alpha/settings')).body);
    const row = page.root
      .querySelectorAll('.govuk-summary-list__row')
      .find((r) => r.querySelector('dt')?.text.trim() === 'Safeguarding contact for respondents');
    assert.ok(row, 'a row in the settings');
    assert.equal(
      row.querySelector('.govuk-summary-list__value')?.text.trim(),
      'Not set: respondents see Childline only',
    );
    assert.equal(row.querySelector('a')?.getAttribute('href'), path);
  });

  it('is set by the trust admin, with an audit entry, and shown back', async () => {
    const form = dom((await admin().get(path)).body);
    assert.equal(form.text('h1'), 'Safeguarding contact for respondents');
    assert.equal(form.attr('textarea#contact', 'name'), 'contact');
    const contact =
      "Riverside Children's Services front door: 01234 567890\nOut of hours: 01234 765432";
    const saved = await admin().post(path, { contact: `  ${contact.replace('\n', '\r\n')}  ` });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/trusts/alpha/settings?done=safeguarding-contact');
    assert.equal(await stored(), contact);
    const banner = dom((await admin().get(saved.headers.location ?? '')).body);
    assert.equal(banner.text('.govuk-notification-banner__heading'), 'Safeguarding contact saved');
    const entries = (await audits()).filter((a) => a.action === 'set the safeguarding contact');
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0]?.details, { from: null, to: contact });
    // The same again changes nothing and writes no second entry.
    await admin().post(path, { contact });
    assert.equal(
      (await audits()).filter((a) => a.action === 'set the safeguarding contact').length,
      1,
    );
    assert.equal(
      dom((await admin().get(path)).body).text('textarea#contact'),
      contact.replace('\n', ' '),
    );
  });

  it('refuses a contact over 500 characters with a GOV.UK error, storing nothing', async () => {
    const before = await stored();
    const response = await admin().post(path, { contact: 'x'.repeat(501) });
    assert.equal(response.statusCode, 400);
    const page = dom(response.body);
    assert.deepEqual(page.errors(), ['The contact must be 500 characters or fewer']);
    assert.equal(page.attr('.govuk-error-summary__list a', 'href'), '#contact');
    assert.equal(page.text('#contact-error'), 'Error: The contact must be 500 characters or fewer');
    assert.equal(await stored(), before);
    const forged = await admin().post(path, { contact: ['a', 'b'] });
    assert.equal(forged.statusCode, 400);
    assert.equal(await stored(), before);
  });

  it('is removed by saving it empty, with an audit entry', async () => {
    const response = await admin().post(path, { contact: '   ' });
    assert.equal(response.statusCode, 303);
    assert.equal(await stored(), null);
    assert.ok((await audits()).some((a) => a.action === 'removed the safeguarding contact'));
  });

  it('is for the trust admin only, and never for another trust', async () => {
    assert.equal((await t.as('viewer').get(path)).statusCode, 403);
    assert.equal((await t.as('viewer').post(path, { contact: 'Call us' })).statusCode, 403);
    assert.equal((await t.as('betaAdmin').get(path)).statusCode, 404);
    assert.equal((await t.as('betaAdmin').post(path, { contact: 'Call us' })).statusCode, 404);
    assert.equal((await t.anonymous().get(path)).statusCode, 303);
    assert.equal(await stored(), null);
  });
});
