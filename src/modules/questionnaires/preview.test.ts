import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { drafts, responses, trusts } from '../../db/schema/index.ts';
import { addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { dom, useApp } from '../../../test/build.ts';

const CONTACT = 'Riverside Children’s Services: 01234 567890';
const ORIGIN = 'http://ocw.test';

describe('previewing a questionnaire', () => {
  const t = useApp({ signIn: ['trust-admin', 'viewer', 'betaAdmin'] });
  const admin = () => t.as('trust-admin');
  let preview = '';
  let childrens = '';

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    await t.db.asSystem((tx) =>
      tx.update(trusts).set({ safeguardingContact: CONTACT }).where(eq(trusts.id, t.alpha.id)),
    );
    const round = await addRound(t.db, t.alpha.id, { status: 'planning' });
    const q = await addQuestionnaire(t.db, t.alpha.id, round.id, {
      title: 'Frontline 2026',
      areaKeys: ['shared-identity', 'integrated-working'],
      closesOn: '2026-12-31',
      languages: ['en', 'cy'],
    });
    const c = await addQuestionnaire(t.db, t.alpha.id, round.id, {
      title: 'Children 2026',
      audience: 'children-young-people',
      areaKeys: ['shared-identity', 'keeping-safe'],
      askSector: false,
      languages: ['en', 'cy'],
    });
    preview = `/trusts/alpha/rounds/${round.id}/questionnaires/${q.id}/preview`;
    childrens = `/trusts/alpha/rounds/${round.id}/questionnaires/${c.id}/preview`;
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

  /** Posts a form of the preview: it answers 303, to a page of the preview. */
  const send = async (url: string, fields: Record<string, string>) => {
    const sent = await admin().post(url, fields);
    assert.equal(sent.statusCode, 303, url);
    const to = sent.headers.location ?? '';
    assert.ok(to.startsWith(preview) || to.startsWith(childrens), to);
    return to;
  };

  it('walks through every page as a respondent sees it, storing nothing', async () => {
    const before = await stored();
    const start = await open(preview);
    assert.equal(start.text('h1'), 'Tell us how services for children work together');
    assert.ok(start.text('main')?.toLowerCase().includes('frontline practitioners'));
    // The respondent's start form and links lead on inside the preview.
    const flow = `${preview}/frontline/en`;
    assert.equal(start.attr(`form[action="${flow}/start"]`, 'method'), 'post');
    const about = await open(await send(`${flow}/start`, { lang: 'en' }));
    assert.equal(about.text('h1'), 'About you');
    assert.equal(about.text('[data-testid="progress"]'), 'Page 1 of 3');
    assert.equal(about.attr('[data-testid="back"]', 'href'), `${flow}?lang=en`);
    assert.equal(about.attr('main form', 'action'), `${flow}/about`);
    const page1 = await open(await send(`${flow}/about`, { sector: 'health' }));
    assert.equal(page1.text('[data-testid="progress"]'), 'Page 2 of 3');
    assert.equal(page1.attr('[data-testid="back"]', 'href'), `${flow}/about`);
    assert.ok(page1.root.querySelectorAll('fieldset.govuk-fieldset').length > 1);
    assert.ok(page1.texts('.govuk-radios__label').includes('Not applicable'));
    const page2 = await open(await send(`${flow}/page/1`, { action: 'continue' }));
    assert.equal(page2.text('[data-testid="progress"]'), 'Page 3 of 3');
    const toCheck = await send(`${flow}/page/2`, { action: 'continue' });
    assert.equal(toCheck, `${flow}/check`);
    const check = await open(toCheck);
    assert.equal(check.text('h1'), 'Check your answers before sending them');
    assert.equal(check.attr('.govuk-summary-card__action a', 'href'), `${flow}/about?return=check`);
    const done = await open(await send(`${flow}/submit`, {}));
    assert.equal(done.text('.govuk-panel__title'), 'Thank you');
    assert.deepEqual(await stored(), before);
  });

  it('shows a child’s pages: their headings and answer words, the prompt and the worried panel', async () => {
    const flow = `${childrens}/children-young-people/en`;
    const first = await open(await send(`${flow}/start`, { lang: 'en' }));
    assert.equal(first.text('h1'), 'Everyone working together for you');
    assert.ok(first.texts('.govuk-radios__label').includes("Doesn't apply to me"));
    assert.equal(first.has('[data-testid="worried"]'), false);
    // Statements left out: told so once, on the same page, then on.
    const prompted = await send(`${flow}/page/1`, { action: 'continue' });
    assert.equal(prompted, `${flow}/page/1?unanswered=yes`);
    const again = await open(prompted);
    assert.match(again.text('[data-testid="unanswered"]') ?? '', /You have not answered \d+/);
    assert.equal(again.attr('input[name="prompted"]', 'value'), 'yes');
    let next = await send(`${flow}/page/1`, { action: 'continue', prompted: 'yes' });
    let safe = await open(next);
    while (safe.text('h1') !== 'Feeling safe') {
      const n = /\/page\/(\d+)$/.exec(next)?.[1] ?? '';
      next = await send(`${flow}/page/${n}`, { action: 'continue', prompted: 'yes' });
      safe = await open(next);
    }
    assert.equal(safe.text('[data-testid="worried"] h2'), 'If you are worried');
    assert.equal(safe.text('[data-testid="trust-contact"]'), CONTACT);
    const done = await open(`${flow}/done`);
    assert.match(done.text('[data-testid="worried"]') ?? '', /0800 1111/);
  });

  it('shows the save code pages, explaining that codes do not work in a preview', async () => {
    const before = await stored();
    const flow = `${preview}/frontline/en`;
    const saved = await open(await send(`${flow}/page/1`, { action: 'save' }));
    assert.equal(saved.text('h1'), 'Your answers have been saved');
    assert.match(saved.text('[data-testid="preview-note"]') ?? '', /only an example/);
    const start = await open(flow);
    const resumeHref = start.attr('main a[href*="/resume"]', 'href') ?? '';
    assert.equal(resumeHref, `${flow}/resume?lang=en`);
    const resume = await open(resumeHref);
    assert.equal(resume.text('h1'), 'Continue with your saved answers');
    assert.match(resume.text('[data-testid="preview-note"]') ?? '', /do not work in a preview/);
    assert.equal(resume.attr('main form', 'action'), `${flow}/resume`);
    assert.equal(await send(`${flow}/resume`, { lang: 'en', code: 'ABCD-EFGH-JKMN' }), flow);
    assert.deepEqual(await stored(), before);
  });

  it('lets staff choose the language and the audience', async () => {
    const welsh = await open(`${preview}?lang=cy`);
    assert.equal(welsh.attr('html', 'lang'), 'cy');
    assert.equal(welsh.attr('#preview-lang option[selected]', 'value'), 'cy');
    assert.equal(welsh.attr('main form', 'action'), `${preview}/frontline/cy/start`);
    // The respondent's language links switch the preview's language.
    const english = welsh.attr('.govuk-language-navigation__link[lang="en"]', 'href') ?? '';
    assert.equal((await open(english)).attr('html', 'lang'), 'en');
    const children = await open(`${preview}?audience=children-young-people&step=page-1`);
    assert.match(
      children.text('[data-testid="preview-other-audience"]') ?? '',
      /This questionnaire is for frontline practitioners/,
    );
    // The same areas, with the children's own headings and items.
    assert.equal(children.text('h1'), 'Everyone working together for you');
    assert.ok(children.has('fieldset.govuk-fieldset'));
    // Unknown choices fall back to the questionnaire's own.
    const odd = await open(`${preview}?audience=martians&lang=xx&step=nope`);
    assert.equal(odd.text('h1'), 'Tell us how services for children work together');
    assert.equal(odd.attr('html', 'lang'), 'en');
  });

  it('keeps every link and form of every page inside the preview, working', async () => {
    const before = await stored();
    const entries = [
      preview,
      `${preview}?lang=cy`,
      `${preview}?audience=parents-carers`,
      childrens,
      `${childrens}?lang=cy`,
    ];
    const queue = [...entries];
    const seen = new Set(queue);
    const failures: string[] = [];
    let pages = 0;
    const follow = (href: string, from: string) => {
      const url = new URL(href, ORIGIN + from);
      if (url.origin !== ORIGIN) return;
      const path = url.pathname + url.search;
      if (seen.has(path)) return;
      seen.add(path);
      queue.push(path);
    };
    while (queue.length > 0) {
      const url = queue.shift() ?? '';
      const response = await admin().get(url);
      if (response.statusCode !== 200) failures.push(`GET ${url}: ${response.statusCode}`);
      // Pages outside the preview (its way back, the accessibility statement) are only opened.
      if (!url.startsWith(preview) && !url.startsWith(childrens)) continue;
      if (response.statusCode !== 200) continue;
      pages += 1;
      const page = dom(response.body);
      for (const a of page.root.querySelectorAll('a[href]'))
        follow(a.getAttribute('href') ?? '', url);
      for (const form of page.root.querySelectorAll('form')) {
        const action = form.getAttribute('action') ?? url;
        const fields: Record<string, string> = {};
        for (const input of form.querySelectorAll('input[type="hidden"]'))
          fields[input.getAttribute('name') ?? ''] = input.getAttribute('value') ?? '';
        for (const select of form.querySelectorAll('select'))
          fields[select.getAttribute('name') ?? ''] =
            select.querySelector('option[selected]')?.getAttribute('value') ?? '';
        if (form.getAttribute('method') !== 'post') {
          follow(`${action}?${new URLSearchParams(fields).toString()}`, url);
          continue;
        }
        assert.ok(fields._csrf, `${url}: a form with the page's CSRF token`);
        const buttons = form.querySelectorAll('button[name]');
        const presses =
          buttons.length === 0
            ? [{}]
            : buttons.map((b) => ({
                [b.getAttribute('name') ?? '']: b.getAttribute('value') ?? '',
              }));
        for (const press of presses) {
          const sent = await admin().post(action, { ...fields, ...press });
          if (sent.statusCode !== 303)
            failures.push(`POST ${action} from ${url}: ${sent.statusCode}`);
          else follow(sent.headers.location ?? '', action);
        }
      }
    }
    assert.deepEqual(failures, []);
    // Every page of both questionnaires, in each audience and language tried.
    assert.ok(pages > 30, `${pages} pages`);
    assert.deepEqual(await stored(), before);
  });

  it('is only for staff who may edit the questionnaire', async () => {
    for (const url of [preview, `${preview}/frontline/en/check`]) {
      assert.equal((await t.as('viewer').get(url)).statusCode, 403);
      assert.equal((await t.as('betaAdmin').get(url)).statusCode, 404);
      assert.equal((await t.anonymous().get(url)).statusCode, 303);
    }
    assert.equal((await t.as('viewer').post(`${preview}/frontline/en/submit`, {})).statusCode, 403);
    const q = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select({ n: count() }).from(responses).where(eq(responses.trustId, t.alpha.id)),
    );
    assert.equal(q[0]?.n, 0);
  });
});
