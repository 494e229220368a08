import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { drafts, responses } from '../../db/schema/index.ts';
import { addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { dom, useApp } from '../../../test/build.ts';

describe('previewing a questionnaire', () => {
  const t = useApp({ signIn: ['trust-admin', 'viewer', 'betaAdmin'] });
  const admin = () => t.as('trust-admin');
  let preview = '';

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    const round = await addRound(t.db, t.alpha.id, { status: 'planning' });
    const q = await addQuestionnaire(t.db, t.alpha.id, round.id, {
      title: 'Frontline 2026',
      areaKeys: ['shared-identity', 'integrated-working'],
      closesOn: '2026-12-31',
      languages: ['en', 'cy'],
    });
    preview = `/trusts/alpha/rounds/${round.id}/questionnaires/${q.id}/preview`;
  });

  const stored = async () =>
    t.db.withTrust(t.alpha.id, async (tx) => ({
      responses: (await tx.select({ n: count() }).from(responses))[0]?.n,
      drafts: (await tx.select({ n: count() }).from(drafts))[0]?.n,
    }));

  const open = async (url: string) => {
    const response = await admin().get(url);
    assert.equal(response.statusCode, 200, url);
    const page = dom(response.body);
    assert.equal(
      page
        .text('[data-testid="preview-banner"] .govuk-phase-banner__text')
        ?.startsWith('This is a preview. Answers are not saved.'),
      true,
      url,
    );
    assert.equal(page.text('[data-testid="preview-banner"] .govuk-tag'), 'Preview');
    return page;
  };

  it('walks through every page as a respondent sees it, storing nothing', async () => {
    const before = await stored();
    const start = await open(preview);
    assert.equal(start.text('h1'), 'Tell us how services for children work together');
    assert.ok(start.text('main')?.toLowerCase().includes('frontline practitioners'));
    // The respondent's start form leads on to the first page, inside the preview.
    assert.equal(start.attr('form[action$="/preview/start"]', 'method'), 'post');
    const begun = await admin().post(`${preview}/start`, { lang: 'en' });
    assert.equal(begun.statusCode, 303);
    const about = await open(begun.headers.location ?? '');
    assert.equal(about.text('h1'), 'About you');
    assert.equal(about.text('[data-testid="progress"]'), 'Page 1 of 3');
    const state = about.attr('input[name="state"]', 'value') ?? '';
    const afterAbout = await admin().post(`${preview}/about`, { state, sector: 'health' });
    const page1 = await open(afterAbout.headers.location ?? '');
    assert.equal(page1.text('[data-testid="progress"]'), 'Page 2 of 3');
    assert.ok(page1.root.querySelectorAll('fieldset.govuk-fieldset').length > 1);
    const toPage2 = await admin().post(`${preview}/page/1`, { state, action: 'continue' });
    const page2 = await open(toPage2.headers.location ?? '');
    assert.equal(page2.text('[data-testid="progress"]'), 'Page 3 of 3');
    const toCheck = await admin().post(`${preview}/page/2`, { state, action: 'continue' });
    assert.match(toCheck.headers.location ?? '', /step=check/);
    const check = await open(toCheck.headers.location ?? '');
    assert.equal(check.text('h1'), 'Check your answers before sending them');
    const sent = await admin().post(`${preview}/submit`, { state });
    const done = await open(sent.headers.location ?? '');
    assert.equal(done.text('.govuk-panel__title'), 'Thank you');
    assert.deepEqual(await stored(), before);
  });

  it('lets staff choose the language and the audience', async () => {
    const welsh = await open(`${preview}?lang=cy`);
    assert.equal(welsh.attr('html', 'lang'), 'cy');
    assert.equal(welsh.attr('#preview-lang option[selected]', 'value'), 'cy');
    const children = await open(`${preview}?audience=children-young-people&step=page-1`);
    assert.match(
      children.text('[data-testid="preview-other-audience"]') ?? '',
      /This questionnaire is for frontline practitioners/,
    );
    // The same areas, with the children's own items.
    assert.ok(children.has('fieldset.govuk-fieldset'));
    // Unknown choices fall back to the questionnaire's own.
    const odd = await open(`${preview}?audience=martians&lang=xx&step=nope`);
    assert.equal(odd.text('h1'), 'Tell us how services for children work together');
    assert.equal(odd.attr('html', 'lang'), 'en');
  });

  it('is only for staff who may edit the questionnaire', async () => {
    assert.equal((await t.as('viewer').get(preview)).statusCode, 403);
    assert.equal((await t.as('betaAdmin').get(preview)).statusCode, 404);
    assert.equal((await t.anonymous().get(preview)).statusCode, 303);
    const q = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select({ n: count() }).from(responses).where(eq(responses.trustId, t.alpha.id)),
    );
    assert.equal(q[0]?.n, 0);
  });
});
