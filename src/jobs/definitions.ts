import type { ZodType } from 'zod';
import { reminderOutcome, sendActionReminders } from '../modules/actions/index.ts';
import { purgeExpired } from '../modules/people/index.ts';
import {
  closedForMail,
  mailInvitations,
  findQuestionnaire,
} from '../modules/questionnaires/index.ts';
import { findTrust } from '../modules/trusts/index.ts';
import { mailInvitationsData, noData, type JobData, type JobName } from './data.ts';
import type { JobContext } from './types.ts';

// The jobs the application runs off the request: each has a name, the data it is given
// (data.ts; checked again when it runs: it has been stored), how often it is retried, and,
// for the scheduled ones, when it runs. The same definitions serve pg-boss (PostgreSQL) and the
// in-process runner (PGlite).

export interface Schedule {
  /** For pg-boss (UTC). */
  cron: string;
  /** For the in-process runner: the same period. */
  everyMs: number;
  /** How the operator command describes it. */
  label: string;
}

export interface JobDefinition<D> {
  name: string;
  description: string;
  data: ZodType<D>;
  schedule?: Schedule;
  /** Tries after the first that fails, a delay apart (doubling each time). */
  retryLimit: number;
  retryDelaySeconds: number;
  /** A run that takes longer than this has failed (and may be retried). */
  expireInSeconds: number;
  /** Does the work; returns a line for the job's history. A thrown error fails the run. */
  run(ctx: JobContext, data: D): Promise<string>;
}

const HOURLY: Schedule = { cron: '0 * * * *', everyMs: 3_600_000, label: 'hourly' };
const WEEKLY: Schedule = {
  cron: '0 7 * * 1',
  everyMs: 7 * 24 * 3_600_000,
  label: 'weekly',
};

const purgeExpiredJob: JobDefinition<JobData<'purge-expired'>> = {
  name: 'purge-expired',
  description: 'Deletes expired sessions, saved drafts and used links, and old sign-in throttles',
  data: noData,
  schedule: HOURLY,
  retryLimit: 1,
  retryDelaySeconds: 60,
  expireInSeconds: 600,
  run: async (ctx) => {
    await ctx.db.asSystem(purgeExpired);
    return 'purged';
  },
};

const mailInvitationsJob: JobDefinition<JobData<'mail-invitations'>> = {
  name: 'mail-invitations',
  description: 'Sends the invitations or reminders of one questionnaire',
  data: mailInvitationsData,
  // A failed mailing resumes where it stopped: only the invitations still due are sent.
  retryLimit: 3,
  retryDelaySeconds: 60,
  expireInSeconds: 3600,
  run: async (ctx, data) => {
    const trust = await ctx.db.asSystem((tx) => findTrust(tx, data.trustId));
    const q = await ctx.db.withTrust(data.trustId, (tx) =>
      findQuestionnaire(tx, data.roundId, data.questionnaireId),
    );
    if (trust === undefined || q === undefined) return 'questionnaire no longer there';
    if (closedForMail(q)) return `questionnaire closed on ${q.closesOn}: nothing sent`;
    const result = await mailInvitations(
      {
        db: ctx.db,
        mailer: ctx.mailer,
        baseUrl: ctx.config.baseUrl,
        sessionSecret: ctx.config.sessionSecret,
        trustId: trust.id,
        trustName: trust.name,
        actor: data.actor,
        log: ctx.log,
      },
      q,
      data.kind,
    );
    const what = data.kind === 'sent' ? 'invitation' : 'reminder';
    const line = `${result.mailed} ${what}${result.mailed === 1 ? '' : 's'} mailed`;
    if (result.failed) throw new Error(`${line}, then the mail server failed`);
    return line;
  },
};

const mailActionRemindersJob: JobDefinition<JobData<'mail-action-reminders'>> = {
  name: 'mail-action-reminders',
  description: 'Emails each action lead their overdue and stale actions, once a week',
  data: noData,
  // Also run at every start (as every scheduled job is): each lead is mailed once per ISO
  // week however often it runs, so a Monday missed is made up later that week.
  schedule: WEEKLY,
  retryLimit: 3,
  retryDelaySeconds: 300,
  expireInSeconds: 3600,
  run: async (ctx) => {
    const run = await sendActionReminders({
      db: ctx.db,
      mailer: ctx.mailer,
      baseUrl: ctx.config.baseUrl,
      sessionSecret: ctx.config.sessionSecret,
      log: ctx.log,
    });
    const line = reminderOutcome(run);
    if (run.failed) throw new Error(line);
    return line;
  },
};

/** Every job, by name. */
export const JOBS: { readonly [N in JobName]: JobDefinition<JobData<N>> } = {
  'purge-expired': purgeExpiredJob,
  'mail-invitations': mailInvitationsJob,
  'mail-action-reminders': mailActionRemindersJob,
};

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

/** Runs a job's definition on stored data (checked first). */
export async function runJob(ctx: JobContext, name: JobName, data: unknown): Promise<string> {
  const definition: JobDefinition<unknown> = JOBS[name];
  return definition.run(ctx, definition.data.parse(data));
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}
