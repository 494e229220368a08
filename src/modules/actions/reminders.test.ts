import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import type { Database } from '../../db/client.ts';
import { actionReminderOptOuts } from '../../db/schema/index.ts';
import type { Mail, Mailer } from '../../mail.ts';
import { createTestDatabase, Outbox, seedWorld, type World } from '../../../test/helpers.ts';
import { addAction, dayTarget, daysFromToday, userId } from '../../../test/reminder-fixtures.ts';
import { reminderMail } from './reminder-mail.ts';
import { sendActionReminders } from './reminder-sending.ts';
import { readUnsubscribeToken, unsubscribeToken } from './reminder-token.ts';
import { isoWeek, leadReminders, reminderReasons, type ReminderCandidate } from './reminders.ts';

const TODAY = '2026-04-20';
const SECRET = 'a-test-secret-of-more-than-thirty-two-characters';

describe('reminder rules', () => {
  const open = { status: 'in-progress' as const, created: '2026-01-01', lastUpdate: '2026-04-10' };

  it('lists an open action past its effective due day, not one due today', () => {
    assert.deepEqual(reminderReasons({ ...open, due: '2026-03-31' }, TODAY), [
      'Overdue since 31 March 2026',
    ]);
    assert.deepEqual(reminderReasons({ ...open, due: '2026-04-19' }, TODAY), [
      'Overdue since 19 April 2026',
    ]);
    assert.deepEqual(reminderReasons({ ...open, due: TODAY }, TODAY), []);
    assert.deepEqual(reminderReasons({ ...open, due: null }, TODAY), []);
  });

  it('lists an action with no progress update for 90 days or more, from its last or its start', () => {
    const due = '2027-01-01';
    assert.deepEqual(reminderReasons({ ...open, due, lastUpdate: '2026-01-21' }, TODAY), []);
    assert.deepEqual(reminderReasons({ ...open, due, lastUpdate: '2026-01-20' }, TODAY), [
      'No progress update for 90 days',
    ]);
    assert.deepEqual(
      reminderReasons({ ...open, due, lastUpdate: null, created: '2026-01-13' }, TODAY),
      ['No progress update in the 97 days since it was added'],
    );
    assert.deepEqual(
      reminderReasons({ ...open, status: 'not-started', due, lastUpdate: '2025-12-01' }, TODAY),
      ['No progress update for 140 days'],
    );
  });

  it('never lists a complete or dropped action, and gives both reasons once', () => {
    const late = { ...open, due: '2026-03-31', lastUpdate: '2026-01-01' };
    assert.deepEqual(reminderReasons({ ...late, status: 'complete' }, TODAY), []);
    assert.deepEqual(reminderReasons({ ...late, status: 'dropped' }, TODAY), []);
    assert.deepEqual(reminderReasons(late, TODAY), [
      'Overdue since 31 March 2026',
      'No progress update for 109 days',
    ]);
  });

  it('gathers each lead’s actions in plan order, once each, with the target date as shown', () => {
    const base: Omit<ReminderCandidate, 'actionId' | 'number' | 'numberKey' | 'userId'> = {
      title: 'An action',
      status: 'in-progress',
      target: { kind: 'quarter', year: 2026, quarter: 1 },
      revisedTarget: null,
      due: '2026-03-31',
      created: '2026-01-01',
      lastUpdate: '2026-04-01',
      email: 'x@example.test',
      name: 'X',
    };
    const rows: ReminderCandidate[] = [
      { ...base, actionId: 'b', number: '10', numberKey: '0|000000010', userId: 'u1' },
      { ...base, actionId: 'a', number: '2', numberKey: '0|000000002', userId: 'u1' },
      { ...base, actionId: 'a', number: '2', numberKey: '0|000000002', userId: 'u1' },
      { ...base, actionId: 'c', number: '3', numberKey: '0|000000003', userId: 'u2', due: null },
    ];
    const reminders = leadReminders(rows, TODAY);
    assert.equal(reminders.length, 1, 'a lead with nothing listed gets nothing');
    assert.deepEqual(
      reminders[0]?.items.map((i) => [i.number, i.dueText]),
      [
        ['2', 'January to March 2026'],
        ['10', 'January to March 2026'],
      ],
    );
  });

  it('names the ISO week of a day', () => {
    const week = (iso: string) => isoWeek(new Date(`${iso}T12:00:00Z`));
    assert.equal(week('2026-01-01'), '2026-W01');
    assert.equal(week('2026-03-30'), '2026-W14');
    assert.equal(week('2026-04-05'), '2026-W14');
    assert.equal(week('2021-01-03'), '2020-W53');
    assert.equal(week('2024-12-30'), '2025-W01');
  });

  it('signs the unsubscribe link, and refuses one that was changed', () => {
    const who = {
      trustId: '0b5c2c5e-3f6d-4b8a-9c1e-2d3f4a5b6c7d',
      userId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
    };
    const token = unsubscribeToken(SECRET, who);
    assert.deepEqual(readUnsubscribeToken(SECRET, token), who);
    const flipped = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    assert.equal(readUnsubscribeToken(SECRET, flipped), undefined);
    assert.equal(readUnsubscribeToken(`${SECRET}-other`, token), undefined);
    assert.equal(readUnsubscribeToken(SECRET, 'not-a-token'), undefined);
  });
});

describe('the weekly reminder run', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let world: World;
  const ids: Record<string, string> = {};
  const ctx = (mailer: Mailer) => ({
    db,
    mailer,
    baseUrl: 'http://ocw.test/',
    sessionSecret: SECRET,
  });
  const to = (mails: Mail[]) => mails.map((m) => m.to).sort();

  before(async () => {
    ({ db, drop } = await createTestDatabase());
    world = await seedWorld(db);
    for (const role of ['action-lead', 'contributor', 'viewer', 'trust-admin'] as const)
      ids[role] = await userId(db, world.users[role]);
    ids.beta = await userId(db, world.users.betaAdmin);
    const lead = (role: string) => ({ userId: ids[role] ?? '', name: role });
    const team = { name: 'Youth justice team' };
    const alpha = world.alpha.id;
    const past = daysFromToday(-10);
    const later = daysFromToday(200);
    const recent = [daysFromToday(-5)];
    const overdue = { target: dayTarget(past), targetDue: past, updates: recent };
    await addAction(db, alpha, {
      number: '2',
      title: 'Joint induction',
      ...overdue,
      leads: [lead('action-lead'), team],
    });
    await addAction(db, alpha, {
      number: '1',
      title: 'Shared training calendar',
      target: dayTarget(later),
      targetDue: later,
      updates: [daysFromToday(-140), daysFromToday(-97)],
      leads: [lead('contributor'), lead('action-lead')],
    });
    await addAction(db, alpha, {
      number: '3',
      title: 'Finished',
      status: 'complete',
      ...overdue,
      leads: [lead('action-lead')],
    });
    await addAction(db, alpha, {
      number: '4',
      title: 'Dropped',
      status: 'dropped',
      ...overdue,
      updates: [],
      createdAt: new Date(Date.now() - 200 * 86_400_000),
      leads: [lead('contributor')],
    });
    await addAction(db, alpha, {
      number: '5',
      title: 'Opted out',
      ...overdue,
      leads: [lead('viewer')],
    });
    await addAction(db, alpha, {
      number: '6',
      title: 'On track',
      target: dayTarget(later),
      targetDue: later,
      updates: recent,
      leads: [lead('trust-admin')],
    });
    await addAction(db, alpha, { number: '7', title: 'Named only', ...overdue, leads: [team] });
    await addAction(db, alpha, {
      number: '8',
      title: 'Never started',
      status: 'not-started',
      createdAt: new Date(Date.now() - 120 * 86_400_000),
      leads: [lead('contributor')],
    });
    await addAction(db, alpha, {
      number: '3.2',
      title: 'Moved on',
      target: dayTarget(past),
      targetDue: past,
      revisedTarget: dayTarget(daysFromToday(60)),
      revisedDue: daysFromToday(60),
      updates: recent,
      leads: [lead('trust-admin')],
    });
    await addAction(db, world.beta.id, {
      number: '1',
      title: 'Beta action',
      ...overdue,
      leads: [lead('beta')],
    });
    await db.withTrust(alpha, (tx) =>
      tx.insert(actionReminderOptOuts).values({ trustId: alpha, userId: ids.viewer ?? '' }),
    );
  });
  after(() => drop());

  it('mails each lead who is a user one email of their overdue and stale actions', async () => {
    const outbox = new Outbox();
    const run = await sendActionReminders(ctx(outbox));
    assert.deepEqual(run, { mailed: 3, alreadySent: 0, failed: false });
    assert.deepEqual(to(outbox.mails), [
      world.users['action-lead'],
      world.users.betaAdmin,
      world.users.contributor,
    ]);
    const lead = outbox.lastTo(world.users['action-lead']);
    assert.ok(lead);
    assert.equal(lead.subject, 'Your action plan: 2 actions to look at');
    assert.match(lead.text, /1\. Shared training calendar[\s\S]*No progress update for 97 days/);
    assert.match(
      lead.text,
      /2\. Joint induction[\s\S]*Why it is listed: Overdue since \d+ \w+ \d{4}\./,
    );
    assert.ok(lead.text.indexOf('1. Shared') < lead.text.indexOf('2. Joint'), 'plan order');
    assert.match(lead.text, /http:\/\/ocw\.test\/trusts\/alpha\/actions\/[0-9a-f-]{36}\n/);
    assert.match(lead.text, /http:\/\/ocw\.test\/trusts\/alpha\/actions\/mine\n/);
    assert.doesNotMatch(lead.text, /Finished|Dropped|Opted out|On track|Named only|Moved on/);
    const contributor = outbox.lastTo(world.users.contributor);
    assert.match(
      contributor?.text ?? '',
      /8\. Never started[\s\S]*in the 120 days since it was added/,
    );
    assert.doesNotMatch(contributor?.text ?? '', /Dropped/);
    const beta = outbox.lastTo(world.users.betaAdmin);
    assert.match(beta?.text ?? '', /\/trusts\/beta\/actions\//);
    assert.doesNotMatch(beta?.text ?? '', /alpha/);
  });

  it('carries an unsubscribe link naming the lead, as a link and as List-Unsubscribe', async () => {
    const outbox = new Outbox();
    await sendActionReminders(ctx(outbox), new Date(Date.now() + 7 * 86_400_000));
    const mail = outbox.lastTo(world.users['action-lead']);
    assert.ok(mail?.html !== undefined);
    const link = /http:\/\/ocw\.test\/reminders\/unsubscribe\/(\S+)\n/.exec(mail.text)?.[1] ?? '';
    assert.deepEqual(readUnsubscribeToken(SECRET, link), {
      trustId: world.alpha.id,
      userId: ids['action-lead'],
    });
    assert.equal(
      mail.headers?.['List-Unsubscribe'],
      `<http://ocw.test/reminders/unsubscribe/${link}/one-click>`,
    );
    assert.equal(mail.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
    const html = parse(mail.html);
    const hrefs = html.querySelectorAll('a').map((a) => a.getAttribute('href'));
    assert.ok(hrefs.includes(`http://ocw.test/reminders/unsubscribe/${link}`));
    assert.ok(hrefs.includes('http://ocw.test/trusts/alpha/actions/mine'));
    assert.equal(html.querySelectorAll('li').length, 2);
  });

  it('sends nothing more the same week, however often it runs', async () => {
    const outbox = new Outbox();
    const run = await sendActionReminders(ctx(outbox));
    assert.deepEqual(run, { mailed: 0, alreadySent: 3, failed: false });
    assert.equal(outbox.mails.length, 0);
  });

  it('keeps nothing of a mail that failed, so the retry sends it', async () => {
    const inThreeWeeks = new Date(Date.now() + 21 * 86_400_000);
    const failing: Mailer = { send: () => Promise.reject(new Error('the mail server is down')) };
    assert.deepEqual(await sendActionReminders(ctx(failing), inThreeWeeks), {
      mailed: 0,
      alreadySent: 0,
      failed: true,
    });
    const outbox = new Outbox();
    assert.equal((await sendActionReminders(ctx(outbox), inThreeWeeks)).mailed, 3);
  });

  it('writes the email in plain English, in text and HTML', () => {
    const mail = reminderMail(
      'Alpha Partnership',
      {
        userId: ids['action-lead'] ?? '',
        email: 'lead@example.test',
        name: 'Sam <Lead>',
        items: [
          {
            actionId: 'a1',
            number: '3.2',
            title: 'Training & induction',
            dueText: 'July to September 2026',
            revised: true,
            reasons: ['Overdue since 30 September 2026'],
          },
        ],
      },
      { baseUrl: 'http://ocw.test', trustSlug: 'alpha', unsubscribe: 'http://ocw.test/u' },
    );
    assert.equal(mail.subject, 'Your action plan: 1 action to look at');
    assert.match(mail.text, /^Hello Sam <Lead>,\n\nThis is your weekly reminder/);
    assert.match(mail.text, /You lead 1 action that is past its target date or has had/);
    assert.match(mail.text, /Target date: July to September 2026 \(revised\)/);
    assert.match(mail.html ?? '', /Hello Sam &lt;Lead&gt;/);
    assert.match(mail.html ?? '', /3\.2\. Training &amp; induction/);
  });
});
