import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { invitations } from '../../db/schema/index.ts';
import type { Mailer } from '../../mail.ts';
import { formatDate } from '../../web/views.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { newSecret } from '../people/index.ts';
import * as repo from './repository.ts';
import type { QuestionnaireRow } from './repository.ts';
import { sealToken, unsealToken } from './sealing.ts';

// Personal invitations: a link of one's own by email. The database keeps a hash of each
// link's token to find it, and the token sealed under a key derived from the session
// secret (held outside the database) so that a reminder carries the same link. Opening
// the link records the day; nothing links an invitation to the answers given.

export const MAX_INVITATIONS = 2000;

const emailSchema = z.email();

export interface ParsedList {
  /** Valid addresses, lower-cased, each once, in the order given. */
  emails: string[];
  /** Repeats within the list. */
  repeats: number;
  bad: { line: number; value: string }[];
}

/** One address a line, or several separated by commas or semicolons; "Name <a@b.org>" too. */
export function parseEmailList(raw: string): ParsedList {
  const seen = new Set<string>();
  const emails: string[] = [];
  const bad: ParsedList['bad'] = [];
  let repeats = 0;
  raw.split(/\r\n|\r|\n/).forEach((line, index) => {
    for (const piece of line.split(/[,;]/)) {
      const trimmed = piece.trim();
      if (trimmed === '') continue;
      const address = (/<([^<>]*)>\s*$/.exec(trimmed)?.[1] ?? trimmed).trim().toLowerCase();
      if (address.length > 254 || !emailSchema.safeParse(address).success) {
        bad.push({ line: index + 1, value: trimmed });
        continue;
      }
      if (seen.has(address)) repeats++;
      else {
        seen.add(address);
        emails.push(address);
      }
    }
  });
  return { emails, repeats, bad };
}

/** The one error message for the bad lines of a list (the first ten, then how many more). */
export function badLinesMessage(bad: ParsedList['bad']): string {
  const shown = bad.slice(0, 10).map((b) => {
    const value = b.value.length > 60 ? `${b.value.slice(0, 60)}…` : b.value;
    return `Line ${b.line} is not an email address: ${value}`;
  });
  const more = bad.length - shown.length;
  if (more > 0) shown.push(`and ${more} more ${more === 1 ? 'address' : 'addresses'}`);
  return shown.join('. ');
}

export async function addInvitations(
  db: Database,
  trustId: string,
  actor: Actor,
  q: QuestionnaireRow,
  list: { emails: string[]; repeats: number },
  sectorKey: string | null,
): Promise<{ added: number; skipped: number }> {
  return db.withTrust(trustId, async (tx) => {
    const already = await repo.invitedEmails(tx, q.id);
    const fresh = list.emails.filter((e) => !already.has(e));
    const added = await repo.insertInvitations(
      tx,
      fresh.map((email) => ({
        trustId,
        questionnaireId: q.id,
        email,
        sectorKey,
        // Unusable until sent: sending makes the link and stores its hash in place of this one.
        tokenHash: newSecret().hash,
      })),
    );
    if (added > 0)
      await audit(tx, actor, {
        trustId,
        action: 'invited people to a questionnaire',
        entity: 'questionnaire',
        entityId: q.id,
        details: { added, sector: sectorKey },
      });
    return { added, skipped: list.emails.length - added + list.repeats };
  });
}

export interface MailContext {
  db: Database;
  mailer: Mailer;
  baseUrl: string;
  /** The key of the sealed tokens is derived from it. */
  sessionSecret: string;
  trustId: string;
  trustName: string;
  actor: Actor;
  log?: { error(obj: object, msg: string): void };
}

export function invitationUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/i/${token}`;
}

export function invitationMail(
  trustName: string,
  q: QuestionnaireRow,
  url: string,
  kind: 'sent' | 'reminded',
) {
  const closes = formatDate(q.closesOn);
  const opening =
    kind === 'sent'
      ? `${trustName} would like to know what you think about how well services for children, young people and families in your area work together. Please answer our questionnaire, "${q.title}".`
      : `This is a reminder that ${trustName} would like to hear from you. You have not yet opened your link to our questionnaire, "${q.title}". If you have answered since we wrote, thank you: there is nothing more to do.`;
  return {
    subject:
      kind === 'sent'
        ? `Please tell us what you think: ${q.title}`
        : `Reminder: please tell us what you think: ${q.title}`,
    text: `Hello,

${opening}

Answer the questionnaire:
${url}

The questionnaire closes on ${closes}. Until you send your answers, the link takes you back to them, on this or any other device.

Your answers are anonymous. We do not keep a record of who gave which answers, and nothing links your answers to you or to this email. The link is just for you, so please do not pass it on.

Thank you,
${trustName}
`,
  };
}

/**
 * Mails every invitation that is due (not sent yet, or due a reminder: sent, link not
 * opened), one at a time, recording the date in the same transaction as the mail is sent,
 * so a mail that fails leaves its invitation as it was. A first mail makes the token
 * (stored as a hash, and sealed); a reminder carries the same link again. Only an
 * invitation whose token cannot be recovered (sent before tokens were sealed, or sealed
 * under an earlier session secret) gets a new one: it was never opened, so nothing is
 * lost. Stops at the first failure, since the rest would most likely fail too.
 */
export async function mailInvitations(
  ctx: MailContext,
  q: QuestionnaireRow,
  kind: 'sent' | 'reminded',
): Promise<{ mailed: number; failed: boolean }> {
  const due = await ctx.db.withTrust(ctx.trustId, (tx) =>
    kind === 'sent' ? repo.invitationsToSend(tx, q.id) : repo.invitationsToRemind(tx, q.id),
  );
  let mailed = 0;
  let failed = false;
  for (const invitation of due) {
    try {
      const done = await ctx.db.withTrust(ctx.trustId, async (tx) => {
        let token =
          kind === 'reminded'
            ? unsealToken(ctx.sessionSecret, invitation.id, invitation.tokenSealed)
            : undefined;
        let fresh: { hash: string; sealed: string } | null = null;
        if (token === undefined) {
          const { secret, hash } = newSecret();
          token = secret;
          fresh = { hash, sealed: sealToken(ctx.sessionSecret, invitation.id, secret) };
        }
        // A reminder that must give a new link keeps the hash of the earlier one, so that
        // the first email's link says a newer email was sent (it was never opened).
        if (fresh !== null && kind === 'reminded')
          await tx
            .update(invitations)
            .set({ replacedTokenHash: sql`${invitations.tokenHash}` })
            .where(eq(invitations.id, invitation.id));
        if (!(await repo.markInvitation(tx, invitation.id, fresh, kind))) return false;
        const mail = invitationMail(ctx.trustName, q, invitationUrl(ctx.baseUrl, token), kind);
        await ctx.mailer.send({ to: invitation.email, ...mail });
        return true;
      });
      if (done) mailed++;
    } catch (error) {
      ctx.log?.error({ err: error }, 'could not send a questionnaire invitation');
      failed = true;
      break;
    }
  }
  if (mailed > 0)
    await ctx.db.withTrust(ctx.trustId, (tx) =>
      audit(tx, ctx.actor, {
        trustId: ctx.trustId,
        action: kind === 'sent' ? 'sent questionnaire invitations' : 'sent questionnaire reminders',
        entity: 'questionnaire',
        entityId: q.id,
        details: { count: mailed },
      }),
    );
  return { mailed, failed };
}

/** Mail goes out only while the questionnaire can still be answered. */
export function closedForMail(q: QuestionnaireRow, today = new Date()): boolean {
  return q.closesOn < today.toISOString().slice(0, 10);
}
