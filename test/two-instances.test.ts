import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { parse } from 'node-html-parser';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import { createJobQueue } from '../src/jobs/queue.ts';
import type { JobQueue } from '../src/jobs/types.ts';
import { jobsReport } from '../src/jobs/status.ts';
import { addInvitations } from '../src/modules/questionnaires/invitations.ts';
import { Respondent } from '../src/modules/answering/testing.ts';
import { createSharedDatabase, eventually, postgresUrl, type SharedDatabase } from './database.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from './fixtures.ts';
import { Outbox, PASSWORD, seedWorld, type World } from './helpers.ts';

// Two instances of the application (two app objects, each with its own pool and its own
// job worker) on one PostgreSQL database, as two processes or two servers would be: what
// one does, the other sees at once, and a job asked of both runs once.

const serverUrl = postgresUrl();

/** A browser that keeps its cookies while it talks to either instance. */
class Browser {
  private cookies = new Map<string, string>();
  private csrf = '';

  async request(app: FastifyInstance, options: InjectOptions): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await app.inject({
      ...options,
      headers: { ...(options.headers ?? {}), ...(cookie === '' ? {} : { cookie }) },
    });
    for (const c of response.cookies as { name: string; value: string }[])
      if (c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    const token = parse(response.body).querySelector('input[name="_csrf"]')?.getAttribute('value');
    if (token !== undefined) this.csrf = token;
    return response;
  }

  get(app: FastifyInstance, url: string) {
    return this.request(app, { method: 'GET', url });
  }

  post(app: FastifyInstance, url: string, fields: Record<string, string> = {}) {
    return this.request(app, {
      method: 'POST',
      url,
      payload: new URLSearchParams({ _csrf: this.csrf, ...fields }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }
}

function testId(html: string, id: string): string {
  return parse(html).querySelector(`[data-testid="${id}"]`)?.textContent.trim() ?? '';
}

describe(
  'two instances on one PostgreSQL database',
  {
    skip: serverUrl === undefined ? 'needs PostgreSQL: set DATABASE_URL to run it' : false,
  },
  () => {
    let shared: SharedDatabase;
    let world: World;
    const instances: { app: FastifyInstance; jobs: JobQueue; outbox: Outbox; db: Database }[] = [];
    const appA = () => instances[0]?.app ?? assert.fail('instance A');
    const appB = () => instances[1]?.app ?? assert.fail('instance B');

    before(async () => {
      if (serverUrl === undefined) return;
      shared = await createSharedDatabase(serverUrl);
      world = await seedWorld(shared.db);
      const config = loadConfig({ NODE_ENV: 'test', BASE_URL: 'http://ocw.test' });
      for (const db of [shared.db, await shared.open()]) {
        const outbox = new Outbox();
        const jobs = createJobQueue({
          db,
          databaseUrl: shared.url,
          mailer: outbox,
          config,
          pollingSeconds: 0.5,
        });
        const app = await createApp({ config, db, mailer: outbox, jobs });
        await app.ready();
        await jobs.start({ log: app.log });
        instances.push({ app, jobs, outbox, db });
      }
    });
    after(async () => {
      for (const { app, jobs } of instances) {
        await app.close();
        await jobs.stop(2000);
      }
      await shared.drop();
    });

    it('keeps a person signed in on the other instance', async () => {
      const browser = new Browser();
      await browser.get(appA(), '/sign-in');
      const signedIn = await browser.post(appA(), '/sign-in', {
        email: world.users['trust-admin'],
        password: PASSWORD,
      });
      assert.equal(signedIn.statusCode, 303);
      const home = await browser.get(appB(), '/');
      assert.equal(home.statusCode, 303);
      assert.equal(home.headers.location, '/trusts/alpha');
      const trust = await browser.get(appB(), '/trusts/alpha');
      assert.equal(trust.statusCode, 200);
      // Signed out on B, signed out on A too.
      const out = await browser.post(appB(), '/sign-out');
      assert.equal(out.statusCode, 303);
      const again = await browser.get(appA(), '/trusts/alpha');
      assert.notEqual(again.statusCode, 200);
    });

    it("shows a response sent to one instance on the other's monitoring page at once", async () => {
      await addSectors(shared.db, world.alpha.id);
      const round = await addRound(shared.db, world.alpha.id);
      const q = await addQuestionnaire(shared.db, world.alpha.id, round.id);
      const link = await addLink(shared.db, world.alpha.id, q.id);
      const monitor = new Browser();
      await monitor.get(appB(), '/sign-in');
      await monitor.post(appB(), '/sign-in', { email: world.users.viewer, password: PASSWORD });
      const page = `/trusts/alpha/rounds/${round.id}/responses`;
      const before = await monitor.get(appB(), page);
      assert.equal(before.statusCode, 200);
      assert.match(testId(before.body, 'total'), /^0 responses so far/);

      const respondent = new Respondent(appA(), `/q/${link.code}`);
      await respondent.open();
      await respondent.start();
      await respondent.toCheck();
      await respondent.submit();
      assert.equal(respondent.posted.statusCode, 303);

      const afterwards = await monitor.get(appB(), page);
      assert.match(testId(afterwards.body, 'total'), /^1 response so far/);
    });

    it('runs a mailing asked of both instances once', async () => {
      const round = await addRound(shared.db, world.alpha.id);
      const q = await addQuestionnaire(shared.db, world.alpha.id, round.id);
      const people = ['ada@example.test', 'bo@example.test', 'cy@example.test'];
      await addInvitations(
        shared.db,
        world.alpha.id,
        { userId: null, label: 'test' },
        q,
        { emails: people, repeats: 0 },
        null,
      );
      const admin = new Browser();
      await admin.get(appA(), '/sign-in');
      await admin.post(appA(), '/sign-in', {
        email: world.users['trust-admin'],
        password: PASSWORD,
      });
      const base = `/trusts/alpha/rounds/${round.id}/questionnaires/${q.id}/invitations`;
      const mails = () => instances.flatMap((i) => i.outbox.mails);

      // The invitations, then the reminders: each asked of both instances at the same time.
      for (const [action, subject] of [
        ['send', /^Please tell us what you think/],
        ['remind', /^Reminder/],
      ] as const) {
        await admin.get(appA(), base);
        const replies = await Promise.all([
          admin.post(appA(), `${base}/${action}`),
          admin.post(appB(), `${base}/${action}`),
        ]);
        for (const reply of replies) assert.equal(reply.statusCode, 303);
        const page = await admin.get(appB(), replies[0].headers.location ?? '');
        assert.match(page.body, /being sent/);
        await eventually(() => mails().filter((m) => subject.test(m.subject)).length >= 3);
        // Long enough for a second run, had there been one, to mail again.
        await eventually(async () => {
          const job = (await jobsReport(shared.db)).jobs.find((j) => j.name === 'mail-invitations');
          return job !== undefined && job.counts.created === 0 && job.counts.active === 0;
        });
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const sent = mails().filter((m) => subject.test(m.subject));
        assert.deepEqual(
          sent.map((m) => m.to).sort(),
          people,
          `${action}: each person mailed once`,
        );
      }
      assert.equal(mails().length, 6);
      // Both workers were there to take the jobs.
      assert.ok(instances.every((i) => i.jobs.kind === 'pg-boss'));
    });
  },
);
