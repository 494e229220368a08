import { z } from 'zod';

// The jobs by name, and the data each is given (stored with the job, so checked again when
// it runs): what queueing a job needs. What each job does is in definitions.ts.

export const noData = z.object({});

export const mailInvitationsData = z.object({
  trustId: z.guid(),
  roundId: z.guid(),
  questionnaireId: z.guid(),
  kind: z.enum(['sent', 'reminded']),
  actor: z.object({ userId: z.string().nullable(), label: z.string() }),
});
export type MailInvitationsData = z.infer<typeof mailInvitationsData>;

/** Each job's data, by the job's name. */
export interface JobDataByName {
  'purge-expired': z.infer<typeof noData>;
  'mail-invitations': MailInvitationsData;
  'mail-action-reminders': z.infer<typeof noData>;
}

export type JobName = keyof JobDataByName;
export type JobData<N extends JobName> = JobDataByName[N];
