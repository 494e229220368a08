import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client.ts';
import { dom, useApp } from '../../../../test/build.ts';
import { text } from '../../../../test/helpers.ts';
import { REVISED_REASON_MESSAGE, STALE_MESSAGE } from '../checks.ts';

// An action's pages as people use them: creating one, bad input refused with the messages by
// the fields and nothing stored, a change made meanwhile by someone else, revising the target
// date, progress updates with the RAG shown then, and the RAG a person sets over the suggestion.

const form = (overrides: Record<string, string | string[]> = {}) => ({
  number: '1',
  title: 'Agree a shared induction for new staff',
  description: 'One induction for every partner',
  target: '31 March 2027',
  otherLeads: 'Early help team',
  partners: 'Schools forum',
  successMeasure: 'Every new starter has had it',
  status: 'in-progress',
  ...overrides,
});

describe('an action’s pages', () => {
  const t = useApp({ signIn: ['contributor'] });
  const base = '/trusts/alpha/actions';
  let leadId = '';
  let actionId = '';
  const actionCount = async () => {
    const [row] = await t.db.asSystem((tx) =>
      queryRows<{ n: number }>(tx, sql`select count(*)::int as n from actions`),
    );
    return row?.n ?? 0;
  };

  before(async () => {
    const [row] = await t.db.asSystem((tx) =>
      queryRows<{ id: string }>(
        tx,
        sql`select id::text from users where email = 'action-lead@alpha.test'`,
      ),
    );
    leadId = row?.id ?? '';
  });

  it('creates an action and shows it on its page', async () => {
    const agent = t.as('contributor');
    const page = dom((await agent.get(`${base}/new`)).body);
    assert.ok(page.has('input[name="target"]'));
    assert.ok(page.has(`input[name="leadUsers"][value="${leadId}"]`));
    const response = await agent.post(`${base}/new`, form({ leadUsers: leadId }));
    assert.equal(response.statusCode, 303, response.body);
    actionId = /actions\/([0-9a-f-]{36})/.exec(String(response.headers.location))?.[1] ?? '';
    const shown = text((await agent.get(`${base}/${actionId}?done=created`)).body);
    assert.match(shown, /Action created/);
    assert.match(shown, /Agree a shared induction for new staff/);
    assert.match(shown, /31 March 2027/);
    assert.match(shown, /Alpha action-lead/);
    assert.match(shown, /Early help team/);
    assert.match(shown, /Suggested RAG: Green/);
  });

  it('refuses bad input with the messages by the fields, storing nothing', async () => {
    const agent = t.as('contributor');
    const before = await actionCount();
    const cases: [Record<string, string | string[]>, RegExp][] = [
      [{ title: '' }, /Enter a title/],
      [{ number: '2', target: '31 February 2027' }, /February/],
      [{ number: '1' }, /Action 1 already exists/],
      [{ number: '3', leadUsers: '00000000-0000-4000-8000-000000000000' }, /not a member/],
    ];
    for (const [overrides, message] of cases) {
      const response = await agent.post(`${base}/new`, form(overrides));
      assert.equal(response.statusCode, 400, JSON.stringify(overrides));
      const page = dom(response.body);
      assert.match(page.errors().join(' '), message);
      assert.match(page.text('.govuk-error-message') ?? '', message);
      assert.ok(page.errors().every(Boolean));
    }
    // A date that is not one does not hide the form's other problems: both are said at once.
    const both = dom(
      (await agent.post(`${base}/new`, form({ title: '', target: '31 February 2027' }))).body,
    );
    assert.deepEqual(
      both.errors().map((e) => (/title/.test(e) ? 'title' : /February/.test(e) ? 'target' : e)),
      ['title', 'target'],
    );
    assert.equal(await actionCount(), before);
  });

  it('keeps a person’s values when the action changed since they opened it', async () => {
    const agent = t.as('contributor');
    const edit = dom((await agent.get(`${base}/${actionId}/edit`)).body);
    const revision = edit.attr('input[name="revision"]', 'value') ?? '';
    assert.equal(edit.attr('input[name="target"]', 'value'), '31 March 2027');
    const first = await agent.post(`${base}/${actionId}/edit`, {
      ...form({ leadUsers: leadId, title: 'A shared induction' }),
      revision,
    });
    assert.equal(first.statusCode, 303);
    const stale = await agent.post(`${base}/${actionId}/edit`, {
      ...form({ title: 'Someone else’s title' }),
      revision,
    });
    assert.equal(stale.statusCode, 400);
    const page = dom(stale.body);
    assert.ok(page.errors().includes(STALE_MESSAGE));
    assert.equal(page.attr('input[name="title"]', 'value'), 'Someone else’s title');
    assert.match(text((await agent.get(`${base}/${actionId}`)).body), /A shared induction/);
  });

  it('revises the target date with a reason, keeping the original', async () => {
    const agent = t.as('contributor');
    const missing = await agent.post(`${base}/${actionId}/revise`, {
      revisedTarget: 'Q3 2027',
      revisedReason: '',
    });
    assert.equal(missing.statusCode, 400);
    assert.ok(dom(missing.body).errors().includes(REVISED_REASON_MESSAGE));
    const bad = await agent.post(`${base}/${actionId}/revise`, {
      revisedTarget: 'sometime',
      revisedReason: 'Waiting for funding',
    });
    assert.equal(bad.statusCode, 400);
    const ok = await agent.post(`${base}/${actionId}/revise`, {
      revisedTarget: 'Q3 2027',
      revisedReason: 'Waiting for funding',
    });
    assert.equal(ok.statusCode, 303);
    const shown = text((await agent.get(`${base}/${actionId}`)).body);
    assert.match(shown, /July to September 2027 \(revised\)/);
    assert.match(shown, /Originally 31 March 2027/);
    assert.match(shown, /Waiting for funding/);
    const plan = dom((await agent.get(base)).body);
    assert.match(plan.rows('[data-testid="plan"]')[1]?.[3] ?? '', /was 31 March 2027/);
  });

  it('adds progress, shown in the history with the RAG then', async () => {
    const agent = t.as('contributor');
    const form = dom((await agent.get(`${base}/${actionId}/progress`)).body);
    const day = form.attr('input[name="updatedOn-day"]', 'value') ?? '';
    const month = form.attr('input[name="updatedOn-month"]', 'value') ?? '';
    const year = form.attr('input[name="updatedOn-year"]', 'value') ?? '';
    assert.ok(day !== '' && year !== '');
    const empty = await agent.post(`${base}/${actionId}/progress`, {
      'updatedOn-day': day,
      'updatedOn-month': month,
      'updatedOn-year': year,
      text: '',
      status: 'in-progress',
    });
    assert.equal(empty.statusCode, 400);
    assert.ok(dom(empty.body).errors().includes('Enter what has been done'));
    const future = await agent.post(`${base}/${actionId}/progress`, {
      'updatedOn-day': day,
      'updatedOn-month': month,
      'updatedOn-year': String(Number(year) + 1),
      text: 'Drafted',
      status: 'in-progress',
    });
    assert.equal(future.statusCode, 400);
    const ok = await agent.post(`${base}/${actionId}/progress`, {
      'updatedOn-day': day,
      'updatedOn-month': month,
      'updatedOn-year': year,
      text: 'Drafted the induction with the partners',
      status: 'in-progress',
    });
    assert.equal(ok.statusCode, 303);
    const rows = dom((await agent.get(`${base}/${actionId}`)).body).rows(
      '[data-testid="progress-history"]',
    );
    assert.deepEqual(rows[0], ['Date', 'Update', 'By', 'RAG then', 'Status']);
    assert.deepEqual(rows[1]?.slice(1, 4), [
      'Drafted the induction with the partners',
      'Alpha contributor',
      'Green',
    ]);
  });

  it('sets a RAG beside the suggestion, with a reason, and clears it', async () => {
    const agent = t.as('contributor');
    const noReason = await agent.post(`${base}/${actionId}/rag`, { rag: 'red', reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.ok(dom(noReason.body).errors().includes('Enter why you are setting this RAG status'));
    const unknown = await agent.post(`${base}/${actionId}/rag`, { rag: 'purple', reason: 'x' });
    assert.equal(unknown.statusCode, 400);
    const set = await agent.post(`${base}/${actionId}/rag`, {
      rag: 'red',
      reason: 'Funding is not agreed',
    });
    assert.equal(set.statusCode, 303);
    const page = dom((await agent.get(`${base}/${actionId}`)).body);
    assert.match(page.text('[data-testid="suggested-rag"]') ?? '', /Suggested RAG: Green/);
    assert.match(page.text('[data-testid="override-rag"]') ?? '', /RAG set by .+: Red/);
    assert.match(page.text('[data-testid="override-rag"]') ?? '', /Funding is not agreed/);
    assert.equal(dom((await agent.get(base)).body).rows('[data-testid="plan"]')[1]?.[5], 'Red');
    const cleared = await agent.post(`${base}/${actionId}/rag`, { rag: 'suggested' });
    assert.equal(cleared.statusCode, 303);
    assert.ok(
      !dom((await agent.get(`${base}/${actionId}`)).body).has('[data-testid="override-rag"]'),
    );
  });

  it('removes an action after a confirmation', async () => {
    const agent = t.as('contributor');
    assert.equal((await agent.get(`${base}/${actionId}/remove`)).statusCode, 200);
    const response = await agent.post(`${base}/${actionId}/remove`);
    assert.equal(response.statusCode, 303);
    assert.equal((await agent.get(`${base}/${actionId}`)).statusCode, 404);
    assert.equal(await actionCount(), 0);
  });
});
