import type { Actor } from '../kernel/audit.ts';
import type { JobQueue } from './types.ts';

// "Send invitations" and "Send reminders" as a job: the request queues one mailing per
// questionnaire and kind (a second click, here or on another instance, while it waits adds
// nothing) and the page says the mail is on its way. The job mails what is due when it
// runs, so a mailing queued twice still mails each person once.

export interface MailingTarget {
  trustId: string;
  roundId: string;
  questionnaireId: string;
  actor: Actor;
}

export type MailingKind = 'sent' | 'reminded';

/** A singleton key shared by every request that should make the same job. */
function mailingKey(questionnaireId: string, kind: MailingKind): string {
  return `${questionnaireId}:${kind}`;
}

/** Queues the mailing; false if the same one was already waiting. */
export function queueMailing(
  jobs: JobQueue,
  target: MailingTarget,
  kind: MailingKind,
): Promise<boolean> {
  return jobs.enqueue(
    'mail-invitations',
    {
      trustId: target.trustId,
      roundId: target.roundId,
      questionnaireId: target.questionnaireId,
      kind,
      actor: { userId: target.actor.userId, label: target.actor.label },
    },
    { singletonKey: mailingKey(target.questionnaireId, kind) },
  );
}

/** The `done` value of the page the request goes back to, and what that page says. */
export const MAILING_DONE = { sent: 'sending', reminded: 'reminding' } as const;

export function mailingMessage(done: unknown): string | undefined {
  switch (done) {
    case MAILING_DONE.sent:
      return 'The invitations are being sent. Each shows as sent once its email has gone: refresh this page to see how far it has got.';
    case MAILING_DONE.reminded:
      return 'The reminders are being sent. Each shows as reminded once its email has gone: refresh this page to see how far it has got.';
    default:
      return undefined;
  }
}
