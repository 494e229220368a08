import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { audit } from '../../kernel/audit.ts';
import { NO_UPDATE_DAYS } from './rag.ts';
import { readUnsubscribeToken, type ReminderRecipient } from './reminder-token.ts';
import * as repo from './reminders-repository.ts';

// The pages a reminder's unsubscribe link opens, without signing in: the signed token in the
// address says whose reminders, of which trust. GET asks "Stop action reminders?"; the form
// stops them and the page then offers to turn them back on. A mail client's one-click
// unsubscribe (List-Unsubscribe-Post, RFC 8058) posts to …/one-click with no cookies, so
// that route alone takes no CSRF token: the signed token is its proof. A link that is
// malformed, altered, or names a trust or person no longer here gets a "not found" page.

type TokenParams = { Params: { token: string } };

interface Found {
  recipient: ReminderRecipient;
  trust: repo.TrustRow;
  user: { id: string; name: string; email: string };
  optedOut: boolean;
}

const PAGE = 'actions/views/reminder-unsubscribe.njk';
const BASE = '/reminders/unsubscribe';

/** Whom the link names, or undefined for a link that does not work. */
async function find(db: Database, secret: string, token: string): Promise<Found | undefined> {
  const recipient = readUnsubscribeToken(secret, token);
  if (recipient === undefined) return undefined;
  const { trustId, userId } = recipient;
  const found = await db.withTrust(trustId, async (tx) => ({
    trust: await repo.findTrustRow(tx, trustId),
    user: await repo.findUser(tx, userId),
    optedOut: await repo.isOptedOut(tx, trustId, userId),
  }));
  if (found.trust === undefined || found.user === undefined) return undefined;
  return { recipient, trust: found.trust, user: found.user, optedOut: found.optedOut };
}

function notFound(reply: FastifyReply) {
  return reply
    .code(404)
    .page('actions/views/reminder-link-invalid.njk', { title: 'This link does not work' });
}

/** Stops (or starts again) the reminders, with an audit entry when it changed anything. */
async function setReminders(db: Database, found: Found, on: boolean) {
  const { trustId, userId } = found.recipient;
  await db.withTrust(trustId, async (tx) => {
    const changed = on
      ? await repo.optIn(tx, trustId, userId)
      : await repo.optOut(tx, trustId, userId);
    if (changed)
      await audit(
        tx,
        { userId, label: found.user.email },
        {
          trustId,
          action: on ? 'turned action reminders back on' : 'stopped action reminders',
          entity: 'action-reminders',
          entityId: userId,
        },
      );
  });
}

function showPage(request: FastifyRequest<TokenParams>, reply: FastifyReply, found: Found) {
  const done = (request.query as Record<string, unknown>).done;
  const justStopped = found.optedOut && done === 'stopped';
  return reply.page(PAGE, {
    title: found.optedOut
      ? justStopped
        ? 'Action reminders stopped'
        : 'Action reminders are stopped'
      : 'Stop action reminders?',
    justStopped,
    restarted: !found.optedOut && done === 'restarted',
    optedOut: found.optedOut,
    trustName: found.trust.name,
    name: found.user.name,
    days: NO_UPDATE_DAYS,
    action: `${BASE}/${request.params.token}`,
  });
}

export async function reminderRoutes(
  app: FastifyInstance,
  options: { db: Database; sessionSecret: string },
) {
  const { db, sessionSecret } = options;
  const load = (token: string) => find(db, sessionSecret, token);

  app.get<TokenParams>(`${BASE}/:token`, async (request, reply) => {
    const found = await load(request.params.token);
    if (found === undefined) return notFound(reply);
    return showPage(request, reply, found);
  });

  app.post<TokenParams>(`${BASE}/:token`, async (request, reply) => {
    const found = await load(request.params.token);
    if (found === undefined) return notFound(reply);
    await setReminders(db, found, false);
    return reply.redirect(`${BASE}/${request.params.token}?done=stopped`, 303);
  });

  app.post<TokenParams>(`${BASE}/:token/resubscribe`, async (request, reply) => {
    const found = await load(request.params.token);
    if (found === undefined) return notFound(reply);
    await setReminders(db, found, true);
    return reply.redirect(`${BASE}/${request.params.token}?done=restarted`, 303);
  });

  // One-click unsubscribe from the mail client (and a person who opens that address).
  app.get<TokenParams>(`${BASE}/:token/one-click`, async (request, reply) =>
    reply.redirect(`${BASE}/${request.params.token}`, 303),
  );
  app.post<TokenParams>(
    `${BASE}/:token/one-click`,
    { config: { csrf: false } },
    async (request, reply) => {
      const found = await load(request.params.token);
      if (found === undefined)
        return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
      await setReminders(db, found, false);
      return reply.type('text/plain; charset=utf-8').send('Action reminders stopped');
    },
  );
}
