import type { Database } from '../../db/client.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import type { Mailer } from '../../mail.ts';
import { reminderMail } from './reminder-mail.ts';
import { unsubscribeUrl } from './reminder-token.ts';
import { isoWeek, leadReminders, utcDay, type LeadReminder } from './reminders.ts';
import * as repo from './reminders-repository.ts';

// The weekly run: for every trust, each lead's reminder (reminders.ts says who gets what),
// sent once per lead and ISO week. The week's record and the email go in one transaction:
// the record is made first (a second instance making the same one waits, then finds it and
// sends nothing), the email second, and an email that fails rolls its record back, so the
// retry sends it. A run may therefore come more than once a week (at every start, on retries,
// on several instances) and still mail each lead once; a week missed (the service was down
// on Monday) is sent at the next run that week. Stops at the first mail that fails, as the
// rest would most likely fail too: the retry carries on from there.

export interface ReminderContext {
  db: Database;
  mailer: Mailer;
  baseUrl: string;
  /** The unsubscribe links are signed with it. */
  sessionSecret: string;
  log?: { error(obj: object, msg: string): void };
}

export interface ReminderRun {
  /** Reminders sent by this run. */
  mailed: number;
  /** Leads whose reminder for the week had already been sent. */
  alreadySent: number;
  /** True when a mail failed (the run stopped there). */
  failed: boolean;
}

const WEEKLY: Actor = { userId: null, label: 'Weekly action reminders' };

/** Sends one lead's reminder for the week unless it has gone; true if this call sent it. */
function sendOnce(
  ctx: ReminderContext,
  trust: repo.TrustRow,
  lead: LeadReminder,
  week: string,
): Promise<boolean> {
  return ctx.db.withTrust(trust.id, async (tx) => {
    const send = { trustId: trust.id, userId: lead.userId, week, actionCount: lead.items.length };
    if (!(await repo.claimWeek(tx, send))) return false;
    const baseUrl = ctx.baseUrl.replace(/\/$/, '');
    const unsubscribe = unsubscribeUrl(baseUrl, ctx.sessionSecret, {
      trustId: trust.id,
      userId: lead.userId,
    });
    await ctx.mailer.send(
      reminderMail(trust.name, lead, { baseUrl, trustSlug: trust.slug, unsubscribe }),
    );
    return true;
  });
}

/** One trust's reminders; adds to the run's counts. */
async function remindTrust(
  ctx: ReminderContext,
  trust: repo.TrustRow,
  now: Date,
  run: ReminderRun,
) {
  const week = isoWeek(now);
  const candidates = await ctx.db.withTrust(trust.id, (tx) =>
    repo.reminderCandidates(tx, trust.id),
  );
  let mailed = 0;
  for (const lead of leadReminders(candidates, utcDay(now))) {
    try {
      if (await sendOnce(ctx, trust, lead, week)) mailed++;
      else run.alreadySent++;
    } catch (error) {
      ctx.log?.error({ err: error }, 'could not send an action reminder');
      run.failed = true;
      break;
    }
  }
  run.mailed += mailed;
  if (mailed > 0)
    await ctx.db.withTrust(trust.id, (tx) =>
      audit(tx, WEEKLY, {
        trustId: trust.id,
        action: 'sent action reminders',
        entity: 'action-reminders',
        entityId: week,
        details: { count: mailed, week },
      }),
    );
}

/** Every trust's reminders for the week `now` falls in. */
export async function sendActionReminders(
  ctx: ReminderContext,
  now: Date = new Date(),
): Promise<ReminderRun> {
  const run: ReminderRun = { mailed: 0, alreadySent: 0, failed: false };
  for (const trust of await ctx.db.asSystem(repo.listTrusts)) {
    await remindTrust(ctx, trust, now, run);
    if (run.failed) break;
  }
  return run;
}

/** The run as a line of the job's history. */
export function reminderOutcome(run: ReminderRun): string {
  const sent = `${run.mailed} reminder${run.mailed === 1 ? '' : 's'} mailed`;
  const already = run.alreadySent > 0 ? `, ${run.alreadySent} already sent this week` : '';
  return run.failed ? `${sent}${already}, then the mail server failed` : `${sent}${already}`;
}
