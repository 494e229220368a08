import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import { createJobQueue } from '../src/jobs/queue.ts';
import { jobsReport } from '../src/jobs/status.ts';
import type { JobQueue } from '../src/jobs/types.ts';
import { sendActionReminders } from '../src/modules/actions/index.ts';
import { createSharedDatabase, eventually, postgresUrl, type SharedDatabase } from './database.ts';
import { seedWorld, type World } from './helpers.ts';
import { addAction, dayTarget, daysFromToday, userId } from './reminder-fixtures.ts';
import { startSmtpServer, type ReceivedMail, type TestSmtp } from './smtp.ts';

// The weekly action reminders through a real SMTP server, with two instances of the
// application on one PostgreSQL database, each with its job worker, all running the
// reminders at the same moment: each lead receives exactly one email.

const serverUrl = postgresUrl();
const config = loadConfig({ NODE_ENV: 'test', BASE_URL: 'http://ocw.test' });

describe(
  'action reminders from two instances through a real mail server',
  { skip: serverUrl === undefined ? 'needs PostgreSQL: set DATABASE_URL to run it' : false },
  () => {
    let shared: SharedDatabase;
    let world: World;
    let smtp: TestSmtp;
    const instances: { app: FastifyInstance; jobs: JobQueue; db: Database }[] = [];
    const received = (email: string): ReceivedMail[] =>
      smtp.received.filter((m) => m.to.includes(email));

    /** Both instances run the reminders at once, and each asks its queue for a run too. */
    async function runEverywhere(now?: Date) {
      const ctx = (db: Database) => ({
        db,
        mailer: smtp.mailer,
        baseUrl: config.baseUrl,
        sessionSecret: config.sessionSecret,
      });
      const runs = await Promise.all([
        ...instances.map((i) => sendActionReminders(ctx(i.db), now)),
        ...instances.map((i) => i.jobs.enqueue('mail-action-reminders', {})),
      ]);
      await eventually(async () => {
        const job = (await jobsReport(shared.db)).jobs.find(
          (j) => j.name === 'mail-action-reminders',
        );
        return job !== undefined && job.counts.created === 0 && job.counts.active === 0;
      });
      // Long enough for a second run, had there been one, to mail again.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return runs;
    }

    before(async () => {
      if (serverUrl === undefined) return;
      shared = await createSharedDatabase(serverUrl);
      world = await seedWorld(shared.db);
      const lead = async (email: string, name: string) => ({
        userId: await userId(shared.db, email),
        name,
      });
      const past = daysFromToday(-20);
      const overdue = { target: dayTarget(past), targetDue: past, updates: [daysFromToday(-3)] };
      const stale = {
        target: dayTarget(daysFromToday(300)),
        targetDue: daysFromToday(300),
        updates: [daysFromToday(-120)],
      };
      const leadUser = await lead(world.users['action-lead'], 'Lead');
      const contributor = await lead(world.users.contributor, 'Contributor');
      await addAction(shared.db, world.alpha.id, {
        number: '1',
        title: 'Joint induction for new staff',
        ...overdue,
        leads: [leadUser, { name: 'Early help team' }],
      });
      await addAction(shared.db, world.alpha.id, {
        number: '2',
        title: 'Shared supervision model',
        ...stale,
        leads: [leadUser, contributor],
      });
      await addAction(shared.db, world.beta.id, {
        number: '1',
        title: 'Workforce census',
        ...overdue,
        leads: [await lead(world.users.betaAdmin, 'Beta admin')],
      });
      smtp = await startSmtpServer();
      for (const db of [shared.db, await shared.open()]) {
        const jobs = createJobQueue({
          db,
          databaseUrl: shared.url,
          mailer: smtp.mailer,
          config,
          pollingSeconds: 0.5,
        });
        const app = await createApp({ config, db, mailer: smtp.mailer, jobs });
        await app.ready();
        // Starting queues the weekly run once, as every scheduled job is at a start.
        await jobs.start({ log: app.log });
        instances.push({ app, jobs, db });
      }
    });
    after(async () => {
      for (const { app, jobs } of instances) {
        await app.close();
        await jobs.stop(2000);
      }
      await smtp.close();
      await shared.drop();
    });

    it('mails each lead once however many instances and runs there are', async () => {
      await runEverywhere();
      const leads = [world.users['action-lead'], world.users.contributor, world.users.betaAdmin];
      for (const email of leads) assert.equal(received(email).length, 1, email);
      assert.equal(smtp.received.length, 3);
      assert.ok(instances.every((i) => i.jobs.kind === 'pg-boss'));

      const mail = received(world.users['action-lead'])[0];
      assert.ok(mail);
      assert.equal(mail.subject, 'Your action plan: 2 actions to look at');
      assert.match(mail.body, /1\. Joint induction for new staff[\s\S]*Overdue since/);
      assert.match(mail.body, /2\. Shared supervision model[\s\S]*No progress update for 120 days/);
      assert.match(mail.body, /http:\/\/ocw\.test\/trusts\/alpha\/actions\/mine/);
      assert.match(
        mail.html ?? '',
        /href="http:\/\/ocw\.test\/trusts\/alpha\/actions\/[0-9a-f-]{36}"/,
      );
      assert.match(
        mail.headers['list-unsubscribe'] ?? '',
        /^<http:\/\/ocw\.test\/reminders\/unsubscribe\/[\w-]+\.[\w-]+\/one-click>$/,
      );
      assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    });

    it('sends no more to a lead who unsubscribed by one click, and the others next week', async () => {
      const mail = received(world.users['action-lead'])[0];
      const oneClick = /^<http:\/\/ocw\.test(\S+)>$/.exec(mail?.headers['list-unsubscribe'] ?? '');
      assert.ok(oneClick?.[1] !== undefined);
      const app = instances[1]?.app ?? assert.fail('instance B');
      const response = await app.inject({
        method: 'POST',
        url: oneClick[1],
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(response.statusCode, 200);

      const before = smtp.received.length;
      await runEverywhere(new Date(Date.now() + 7 * 86_400_000));
      const next = smtp.received.slice(before);
      assert.deepEqual(
        next.flatMap((m) => m.to).sort(),
        [world.users.betaAdmin, world.users.contributor].sort(),
      );
    });
  },
);
