import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import {
  auditLog,
  frameworkVersions,
  planTests,
  rounds,
  workshops,
} from '../../db/schema/index.ts';
import { addQuestionnaire, addRound } from '../../../test/fixtures.ts';
import { storeResponses } from '../responses/store.ts';
import { dom, useApp } from '../../../test/build.ts';

/** Next year: the round the tests start is in the future whenever they run. */
const Y = new Date().getFullYear() + 1;

const dateFields = (name: string, iso: string | null) => {
  const [year = '', month = '', day = ''] = iso === null ? [] : iso.split('-');
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
};

const roundForm = (overrides: Record<string, string> = {}) => ({
  title: `${Y} self-assessment`,
  frameworkVersion: '2026.1',
  ...dateFields('startsOn', `${Y}-01-23`),
  ...dateFields('endsOn', `${Y}-06-30`),
  ...overrides,
});

const READERS = ['contributor', 'action-lead', 'viewer'] as const;

describe('assessment rounds pages', () => {
  const t = useApp({ signIn: ['trust-admin', ...READERS, 'betaAdmin'] });
  const admin = () => t.as('trust-admin');
  const viewer = () => t.as('viewer');
  let roundId = '';

  const alphaRounds = () => t.db.withTrust(t.alpha.id, (tx) => tx.select().from(rounds));
  const lockedAt = async () => {
    const [row] = await t.db.asSystem((tx) =>
      tx
        .select({ lockedAt: frameworkVersions.lockedAt })
        .from(frameworkVersions)
        .where(eq(frameworkVersions.key, '2026.1')),
    );
    return row?.lockedAt ?? null;
  };

  it('shows an empty list with a button to start a round for a trust admin', async () => {
    const response = await admin().get('/trusts/alpha/rounds');
    assert.equal(response.statusCode, 200);
    const page = dom(response.body);
    assert.equal(page.text('h1.govuk-heading-l'), 'Assessment rounds');
    assert.ok(page.text('title')?.startsWith('Assessment rounds – '));
    assert.ok(page.has('[data-testid="no-rounds"]'));
    assert.ok(page.has('a[href="/trusts/alpha/rounds/new"]'));
    const forViewer = await viewer().get('/trusts/alpha/rounds');
    assert.equal(forViewer.statusCode, 200);
    assert.ok(!dom(forViewer.body).root.text.includes('Start a new round'));
  });

  it('shows the new round form with published versions as radios', async () => {
    const response = await admin().get('/trusts/alpha/rounds/new');
    assert.equal(response.statusCode, 200);
    const page = dom(response.body);
    assert.equal(page.text('h1.govuk-heading-l'), 'Start a new round');
    assert.ok(page.has('input[type="radio"][value="2026.1"]'));
    for (const id of ['title', 'startsOn-day', 'startsOn-month', 'startsOn-year', 'endsOn-day'])
      assert.ok(page.has(`[id="${id}"]`), id);
  });

  it('refuses every bad input with GOV.UK errors and saves nothing', async () => {
    // A draft version is not offered and cannot be chosen.
    await t.db.asSystem(async (tx) => {
      const [v] = await tx
        .select()
        .from(frameworkVersions)
        .where(eq(frameworkVersions.key, '2026.1'));
      assert.ok(v);
      await tx.insert(frameworkVersions).values({
        key: '2099.1',
        title: 'Future draft',
        status: 'draft',
        content: v.content,
        checksum: 'draft',
      });
    });
    const cases: [Record<string, string>, string, string][] = [
      [{ title: '' }, 'title', 'Enter a title for the round'],
      [{ title: 'x'.repeat(121) }, 'title', 'Title must be 120 characters or fewer'],
      [{ frameworkVersion: '' }, 'frameworkVersion', 'Select a framework version'],
      [{ frameworkVersion: '1999.9' }, 'frameworkVersion', 'Select a framework version'],
      [{ frameworkVersion: '2099.1' }, 'frameworkVersion', 'Select a framework version'],
      [
        { 'startsOn-day': '', 'startsOn-month': '', 'startsOn-year': '' },
        'startsOn',
        'Enter the start date',
      ],
      [{ 'startsOn-month': '' }, 'startsOn', 'Start date must include a month'],
      [
        { 'startsOn-day': '31', 'startsOn-month': '2' },
        'startsOn',
        'Start date must be a real date',
      ],
      [{ 'startsOn-day': 'abc' }, 'startsOn', 'Start date must be a real date'],
      [{ 'startsOn-year': '26' }, 'startsOn', 'Start date must include a year with 4 numbers'],
      [{ 'endsOn-month': '13' }, 'endsOn', 'End date must be a real date'],
      [{ 'endsOn-year': '3026' }, 'endsOn', 'End date must be between 1990 and 2100'],
      [
        { ...dateFields('endsOn', `${Y}-01-22`) },
        'endsOn',
        'The end date must be after the start date',
      ],
    ];
    for (const [overrides, field, message] of cases) {
      const response = await admin().post('/trusts/alpha/rounds/new', roundForm(overrides));
      assert.equal(response.statusCode, 400, `${field}: ${message}`);
      const page = dom(response.body);
      assert.ok(
        page.errors().some((e) => e.includes(message)),
        message,
      );
      const href = field.endsWith('On') ? `#${field}-day` : `#${field}`;
      assert.ok(page.has(`.govuk-error-summary a[href="${href}"]`), `summary links to ${href}`);
      assert.ok(page.text('title')?.startsWith('Error: Start a new round'));
    }
    // What was typed is kept.
    const kept = await admin().post(
      '/trusts/alpha/rounds/new',
      roundForm({ title: 'x'.repeat(121) }),
    );
    assert.equal(dom(kept.body).attr('input[name="startsOn-day"]', 'value'), '23');
    assert.equal((await alphaRounds()).length, 0);
    assert.equal(await lockedAt(), null);
  });

  it('creates a round, locks its framework version, audits and redirects', async () => {
    assert.equal(await lockedAt(), null);
    const response = await admin().post('/trusts/alpha/rounds/new', roundForm());
    assert.equal(response.statusCode, 303);
    const match = /^\/trusts\/alpha\/rounds\/([0-9a-f-]{36})\?done=created$/.exec(
      String(response.headers.location),
    );
    assert.ok(match?.[1]);
    roundId = match[1];
    const [round] = await alphaRounds();
    assert.equal(round?.title, `${Y} self-assessment`);
    assert.equal(round.startsOn, `${Y}-01-23`);
    assert.equal(round.endsOn, `${Y}-06-30`);
    assert.equal(round.status, 'planning');
    assert.ok((await lockedAt()) instanceof Date);
    const entries = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.entityId, roundId)),
    );
    assert.equal(entries[0]?.action, 'created round');
    const page = await admin().get(String(response.headers.location));
    assert.ok(dom(page.body).root.text.includes('Round created'));
  });

  it('refuses a title the trust already uses, whatever its case', async () => {
    const response = await admin().post(
      '/trusts/alpha/rounds/new',
      roundForm({ title: `${Y} SELF-ASSESSMENT` }),
    );
    assert.equal(response.statusCode, 400);
    assert.ok(
      dom(response.body)
        .errors()
        .some((e) => e.includes(`You already have a round called ${Y} SELF-ASSESSMENT`)),
    );
    assert.equal((await alphaRounds()).length, 1);
    // Another trust may use the same title.
    const other = await t.as('betaAdmin').post('/trusts/beta/rounds/new', roundForm());
    assert.equal(other.statusCode, 303);
  });

  it('lists rounds newest first with status, responses and a CSV', async () => {
    await t.db.withTrust(t.alpha.id, (tx) =>
      storeResponses(
        tx,
        t.alpha.id,
        ['a', 'b'].map((key) => ({
          roundId,
          questionnaireId: null,
          audience: 'frontline',
          sectorKey: 'health',
          roleLevel: null,
          locality: null,
          language: 'en',
          source: 'import' as const,
          submissionKey: key,
          answers: [],
          comments: [],
        })),
      ),
    );
    await addRound(t.db, t.alpha.id, {
      title: '2024 look back',
      startsOn: '2024-01-01',
      endsOn: '2024-12-31',
      status: 'reported',
    });
    const response = await viewer().get('/trusts/alpha/rounds');
    assert.equal(response.statusCode, 200);
    const page = dom(response.body);
    const [head, newest, oldest, ...more] = page.rows('[data-testid="rounds"]');
    assert.deepEqual(head, ['Round', 'Framework version', 'Period', 'Status', 'Responses']);
    assert.deepEqual(newest, [
      `${Y} self-assessment`,
      '2026.1',
      `23 January ${Y} to 30 June ${Y}`,
      'Planning',
      '2',
    ]);
    assert.deepEqual(oldest, [
      '2024 look back',
      '2026.1',
      '1 January 2024 to 31 December 2024',
      'Reported',
      '0',
    ]);
    assert.equal(more.length, 0);
    assert.ok(page.has(`a[href="/trusts/alpha/rounds/${roundId}"]`));
    assert.ok(page.has('a[href="/trusts/alpha/rounds.csv"]'));
    const csv = await viewer().get('/trusts/alpha/rounds.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(
      String(csv.headers['content-disposition']),
      /attachment; filename="alpha-rounds.csv"/,
    );
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'Round,Framework version,Period,Status,Responses');
    assert.equal(
      lines[1],
      `${Y} self-assessment,2026.1,23 January ${Y} to 30 June ${Y},Planning,2`,
    );
    assert.equal(lines[2], '2024 look back,2026.1,1 January 2024 to 31 December 2024,Reported,0');
    assert.equal(lines.length, 3);
  });

  it('shows the round with a task list whose statuses follow the work', async () => {
    const roundPage = async () => {
      const response = await viewer().get(`/trusts/alpha/rounds/${roundId}`);
      assert.equal(response.statusCode, 200);
      return dom(response.body);
    };
    const taskStatus = async (title: string) => {
      const item = (await roundPage()).root
        .querySelectorAll('.govuk-task-list__item')
        .find((i) => i.text.includes(title));
      assert.ok(item, title);
      return item.querySelector('.govuk-task-list__status')?.text.trim() ?? '';
    };
    const page = await roundPage();
    assert.equal(page.text('h1.govuk-heading-l'), `${Y} self-assessment`);
    assert.ok(page.has('a[href="/framework/2026.1"]'));
    assert.ok(page.text('main')?.includes(`23 January ${Y} to 30 June ${Y}`));
    assert.ok(page.has(`a[href="/trusts/alpha/rounds/${roundId}/plan"]`));
    assert.ok(page.has(`a[href="/trusts/alpha/rounds/${roundId}/workshops"]`));
    assert.ok(!page.has('[name="status"]'), 'a viewer cannot change the status');
    assert.equal(await taskStatus('Plan the tests'), 'Not yet started');
    assert.equal(await taskStatus('Set up questionnaires'), 'Not yet started');
    assert.equal(await taskStatus('Collect responses'), 'Not yet started');
    assert.equal(await taskStatus('Record focus groups'), 'Not yet started');
    // The round already holds 2 imported responses, so their analysis can be read.
    assert.equal(await taskStatus('Review the position'), 'In progress');
    assert.ok(page.has(`a[href="/trusts/alpha/rounds/${roundId}/analysis"]`));
    for (const later of ['Agree actions', 'Publish the summary report'])
      assert.equal(await taskStatus(later), 'Cannot start yet');
    const links = page.root.querySelectorAll('a[href]').map((a) => a.getAttribute('href') ?? '');
    // Tasks that cannot start yet link nowhere (the trust's own action plan is in the navigation).
    for (const end of ['/review', '/actions', '/report'])
      assert.ok(!links.includes(`/trusts/alpha/rounds/${roundId}${end}`), end);

    await t.db.withTrust(t.alpha.id, (tx) =>
      tx.insert(planTests).values({
        trustId: t.alpha.id,
        roundId,
        areaKeys: ['shared-identity'],
        activity: 'questionnaire',
        startsOn: `${Y}-01-23`,
        participants: ['health'],
      }),
    );
    assert.equal(await taskStatus('Plan the tests'), 'Completed');
    await addQuestionnaire(t.db, t.alpha.id, roundId);
    assert.equal(await taskStatus('Set up questionnaires'), 'Completed');
    await t.db.withTrust(t.alpha.id, (tx) =>
      tx.insert(workshops).values({
        trustId: t.alpha.id,
        roundId,
        kind: 'focus-group',
        title: 'Health focus group',
        heldOn: `${Y}-03-01`,
        facilitator: 'A Person',
      }),
    );
    assert.equal(await taskStatus('Record focus groups'), 'In progress');
    await t.db.withTrust(t.alpha.id, (tx) =>
      tx.insert(workshops).values({
        trustId: t.alpha.id,
        roundId,
        kind: 'analysis-workshop',
        title: 'Sub-group analysis',
        heldOn: `${Y}-06-01`,
        facilitator: 'A Person',
      }),
    );
    assert.equal(await taskStatus('Record focus groups'), 'Completed');
    assert.ok((await roundPage()).text('main')?.includes('1 focus group, 1 analysis workshop'));
  });

  it('lets a trust admin change the status, with audit, and moves the responses task', async () => {
    const responsesTask = async (url = `/trusts/alpha/rounds/${roundId}`) => {
      const page = dom((await admin().get(url)).body);
      return page.texts('.govuk-task-list__item').find((i) => i.startsWith('Collect responses'));
    };
    const page = await admin().get(`/trusts/alpha/rounds/${roundId}`);
    assert.ok(dom(page.body).has('[name="status"]'));
    const bad = await admin().post(`/trusts/alpha/rounds/${roundId}/status`, {
      status: 'finished',
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(
      dom(bad.body)
        .errors()
        .some((e) => e.includes('Select a status')),
    );
    assert.ok(dom(bad.body).has('.govuk-error-summary a[href="#status"]'));
    assert.equal((await alphaRounds()).find((r) => r.id === roundId)?.status, 'planning');

    const response = await admin().post(`/trusts/alpha/rounds/${roundId}/status`, {
      status: 'collecting',
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `/trusts/alpha/rounds/${roundId}?done=status`);
    assert.equal((await alphaRounds()).find((r) => r.id === roundId)?.status, 'collecting');
    const after = `/trusts/alpha/rounds/${roundId}?done=status`;
    assert.ok(dom((await admin().get(after)).body).root.text.includes('Status saved'));
    assert.equal(await responsesTask(after), 'Collect responses 2 responses In progress');
    const entries = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'changed round status')),
    );
    assert.deepEqual(entries[0]?.details, {
      title: `${Y} self-assessment`,
      from: 'planning',
      to: 'collecting',
    });
    await admin().post(`/trusts/alpha/rounds/${roundId}/status`, { status: 'analysing' });
    assert.equal(await responsesTask(), 'Collect responses 2 responses Completed');
  });

  it('lets other roles read but not write (403)', async () => {
    for (const role of READERS) {
      const agent = t.as(role);
      assert.equal((await agent.get('/trusts/alpha/rounds')).statusCode, 200, role);
      assert.equal((await agent.get(`/trusts/alpha/rounds/${roundId}`)).statusCode, 200, role);
      assert.equal((await agent.get('/trusts/alpha/rounds.csv')).statusCode, 200, role);
      assert.equal((await agent.get('/trusts/alpha/rounds/new')).statusCode, 403, role);
      const created = await agent.post('/trusts/alpha/rounds/new', roundForm({ title: role }));
      assert.equal(created.statusCode, 403, role);
      const status = await agent.post(`/trusts/alpha/rounds/${roundId}/status`, {
        status: 'reported',
      });
      assert.equal(status.statusCode, 403, role);
    }
    const all = await alphaRounds();
    assert.equal(all.length, 2);
    assert.equal(all.find((r) => r.id === roundId)?.status, 'analysing');
  });

  it('answers 404 for another trust, its rounds, and ids that are not rounds', async () => {
    const beta = t.as('betaAdmin');
    assert.equal((await beta.get('/trusts/alpha/rounds')).statusCode, 404);
    assert.equal((await beta.get('/trusts/alpha/rounds.csv')).statusCode, 404);
    assert.equal((await beta.get(`/trusts/beta/rounds/${roundId}`)).statusCode, 404);
    const moved = await beta.post(`/trusts/beta/rounds/${roundId}/status`, { status: 'reported' });
    assert.equal(moved.statusCode, 404);
    assert.equal((await admin().get('/trusts/alpha/rounds/not-a-uuid')).statusCode, 404);
    assert.equal(
      (await admin().get('/trusts/alpha/rounds/00000000-0000-4000-8000-000000000000')).statusCode,
      404,
    );
    assert.equal((await alphaRounds()).find((r) => r.id === roundId)?.status, 'analysing');
  });

  it('sends people who are not signed in to sign in', async () => {
    const response = await t.anonymous().get('/trusts/alpha/rounds');
    assert.equal(response.statusCode, 303);
    assert.match(String(response.headers.location), /^\/sign-in/);
  });
});
