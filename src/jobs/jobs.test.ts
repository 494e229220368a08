import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../cli/main.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Mailer } from '../mail.ts';
import { addInvitations } from '../modules/questionnaires/invitations.ts';
import { addQuestionnaire, addRound } from '../../test/fixtures.ts';
import { createSharedDatabase, eventually, postgresUrl } from '../../test/database.ts';
import { createApp } from '../app.ts';
import {
  Agent,
  createTestDatabase,
  Outbox,
  seedWorld,
  text,
  type World,
} from '../../test/helpers.ts';
import type { JobLog } from './types.ts';
import { queueMailing, type MailingTarget } from './mailing.ts';
import { createJobQueue } from './queue.ts';
import type { JobQueue } from './types.ts';
import { formatJobsReport, jobsReport } from './status.ts';

const serverUrl = postgresUrl();
const actor = { userId: null, label: 'test' };
const config = loadConfig({ NODE_ENV: 'test', BASE_URL: 'http://ocw.test' });

/** A log that keeps the errors, so that a test can say what went wrong. */
function testLog(): JobLog & { errors: string[] } {
  const errors: string[] = [];
  return {
    errors,
    info: () => undefined,
    warn: () => undefined,
    error: (obj, msg) => errors.push(`${msg} ${JSON.stringify(obj)}`),
  };
}

describe(`jobs (${serverUrl === undefined ? 'in-process on PGlite' : 'pg-boss on PostgreSQL'})`, () => {
  let db: Database;
  let url: string | undefined;
  let drop: () => Promise<void>;
  let world: World;
  let roundId: string;
  const queues: JobQueue[] = [];

  const queue = (mailer: Mailer) => {
    const made = createJobQueue({ db, databaseUrl: url, mailer, config, pollingSeconds: 0.5 });
    queues.push(made);
    return made;
  };

  /** A questionnaire of alpha with these people invited (not yet mailed). */
  async function invited(emails: string[]): Promise<MailingTarget> {
    const q = await addQuestionnaire(db, world.alpha.id, roundId);
    await addInvitations(db, world.alpha.id, actor, q, { emails, repeats: 0 }, null);
    return { trustId: world.alpha.id, roundId, questionnaireId: q.id, actor };
  }

  before(async () => {
    if (serverUrl === undefined) {
      ({ db, drop } = await createTestDatabase());
    } else {
      const shared = await createSharedDatabase(serverUrl);
      ({ db, url, drop } = shared);
    }
    world = await seedWorld(db);
    roundId = (await addRound(db, world.alpha.id)).id;
  });
  after(async () => {
    for (const q of queues) await q.stop(2000);
    await drop();
  });

  it('queues a mailing once while it waits, and runs it once', async () => {
    const target = await invited(['ada@example.test', 'bo@example.test']);
    const outbox = new Outbox();
    // One instance queues (it works no jobs); a double click adds nothing.
    const web = queue(outbox);
    await web.start({ log: testLog(), work: false });
    assert.equal(await queueMailing(web, target, 'sent'), true);
    assert.equal(await queueMailing(web, target, 'sent'), false);
    assert.equal(outbox.mails.length, 0, 'nothing is mailed in the request');

    const log = testLog();
    const worker = queue(outbox);
    await worker.start({ log });
    await eventually(async () => {
      const report = await jobsReport(db);
      const mailing = report.jobs.find((j) => j.name === 'mail-invitations');
      return (mailing?.counts.completed ?? 0) === 1;
    });
    assert.deepEqual(log.errors, []);
    assert.deepEqual(outbox.mails.map((m) => m.to).sort(), ['ada@example.test', 'bo@example.test']);

    const report = await jobsReport(db);
    const mailing = report.jobs.find((j) => j.name === 'mail-invitations');
    const outcomes = mailing?.lastRuns.map((r) => r.outcome) ?? [];
    assert.deepEqual(outcomes, ['2 invitations mailed']);
    // Queued again once it has run, it finds nothing more to send.
    assert.equal(await queueMailing(worker, target, 'sent'), true);
    await eventually(async () => {
      const again = (await jobsReport(db)).jobs.find((j) => j.name === 'mail-invitations');
      return (again?.counts.completed ?? 0) === 2;
    });
    assert.equal(outbox.mails.length, 2);
    await web.stop();
    await worker.stop();
  });

  it('keeps a failed mailing to try again later; asking again tries now', async () => {
    const target = await invited(['cy@example.test']);
    const failing: Mailer = { send: () => Promise.reject(new Error('the mail server is down')) };
    const log = testLog();
    const worker = queue(failing);
    await worker.start({ log });
    assert.equal(await queueMailing(worker, target, 'sent'), true);
    await eventually(async () => {
      const mailing = (await jobsReport(db)).jobs.find((j) => j.name === 'mail-invitations');
      return (mailing?.counts.retry ?? 0) === 1;
    });
    assert.ok(log.errors.some((e) => e.includes('job failed')));
    await worker.stop();
    // While it waits for its retry, asking again queues a try now (once).
    const web = queue(failing);
    await web.start({ log, work: false });
    assert.equal(await queueMailing(web, target, 'sent'), true);
    assert.equal(await queueMailing(web, target, 'sent'), false);
    await web.stop();
  });

  it('runs the hourly purge when it starts, and lists the jobs for the operator', async () => {
    const log = testLog();
    const worker = queue(new Outbox());
    await worker.start({ log });
    // Everything waiting runs: the purge queued at start, the mailing asked for above.
    await eventually(async () => {
      const jobs = (await jobsReport(db)).jobs;
      return jobs.every((j) => j.counts.created === 0 && j.counts.active === 0);
    });
    await worker.stop();
    const report = await jobsReport(db);
    assert.equal(report.runner, serverUrl === undefined ? 'in-process' : 'pg-boss');
    const purge = report.jobs.find((j) => j.name === 'purge-expired');
    assert.match(purge?.schedule ?? '', /^hourly/);
    assert.equal(purge?.lastRuns[0]?.outcome, 'purged');
    const lines = formatJobsReport(report);
    assert.ok(lines.some((l) => l.startsWith('purge-expired  hourly')));
    assert.ok(lines.some((l) => l.startsWith('mail-invitations  when asked')));
    assert.ok(lines.some((l) => l.startsWith('mail-action-reminders  weekly')));
    assert.ok(
      lines.some((l) => /^ {2}waiting 0, retrying 1, running 0, done 3, failed 0$/.test(l)),
      lines.join('\n'),
    );
  });

  it('sends invitations from the page as a job, and says they are being sent', async () => {
    const target = await invited(['dee@example.test', 'eve@example.test']);
    const outbox = new Outbox();
    const jobs = queue(outbox);
    const app = await createApp({ config, db, mailer: outbox, jobs });
    await app.ready();
    await jobs.start({ log: testLog() });
    try {
      const admin = new Agent(app);
      await admin.signIn(world.users['trust-admin']);
      const base = `/trusts/alpha/rounds/${roundId}/questionnaires/${target.questionnaireId}/invitations`;
      await admin.get(base);
      const sent = await admin.post(`${base}/send`);
      assert.equal(sent.statusCode, 303);
      assert.equal(sent.headers.location, `${base}?done=sending`);
      const page = await admin.get(`${base}?done=sending`);
      assert.match(text(page.body), /The invitations are being sent/);
      // (Only theirs: a retry from an earlier test may fall due meanwhile on a slow machine.)
      const people = ['dee@example.test', 'eve@example.test'];
      const theirs = () => outbox.mails.filter((m) => people.includes(m.to));
      await eventually(() => theirs().length === 2);
      assert.deepEqual(
        theirs()
          .map((m) => m.to)
          .sort(),
        people,
      );
    } finally {
      await app.close();
      await jobs.stop();
    }
  });

  it('is what `ocw jobs` prints', async () => {
    const printed: string[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'ocw-jobs-'));
    try {
      await run(['jobs'], (line) => printed.push(line), {
        NODE_ENV: 'test',
        ...(url === undefined ? { DATA_DIR: dataDir } : { DATABASE_URL: url }),
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const text = printed.join('\n');
    if (url === undefined) {
      // A PGlite folder of its own (the test's database is in memory): nothing has run there.
      assert.match(text, /^Jobs run in the application process \(PGlite: one process\)/);
      assert.match(text, /purge-expired {2}hourly[\s\S]*no runs yet/);
    } else {
      assert.match(text, /^Jobs run on pg-boss \(PostgreSQL\)/);
      assert.match(text, /purge-expired {2}hourly \(0 \* \* \* \* UTC\)/);
      assert.match(
        text,
        /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}completed {2}\d+ invitations? mailed/,
      );
    }
  });
});
