import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { trusts } from '../../db/schema/index.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { NotFoundError, type FieldError } from '../../kernel/errors.ts';
import { errorView, formBody, parseWith } from '../../web/forms.ts';
import { requireAdmin, type AdminContext, type TrustParams } from './web.ts';

// The trust's own contact for a child, young person or family who is worried about their
// safety: shown to respondents beside Childline on the safeguarding pages of children's and
// families' questionnaires, and on the confirmation page. Set by the trust admin.

export const SAFEGUARDING_CONTACT_LIMIT = 500;

/** The contact as typed: line breaks made plain and the ends trimmed; empty for none. */
export const contactValueSchema = z
  .string({ error: 'Enter who to contact, or leave the box empty' })
  .transform((value) => value.replace(/\r\n?/g, '\n').trim())
  .pipe(
    z
      .string()
      .max(
        SAFEGUARDING_CONTACT_LIMIT,
        `The contact must be ${SAFEGUARDING_CONTACT_LIMIT} characters or fewer`,
      ),
  );

const contactSchema = z.object({ contact: contactValueSchema });

async function loadContact(db: Database, trustId: string): Promise<string | null> {
  const [row] = await db.asSystem((tx) =>
    tx.select({ contact: trusts.safeguardingContact }).from(trusts).where(eq(trusts.id, trustId)),
  );
  if (row === undefined) throw new NotFoundError('That trust no longer exists');
  return row.contact;
}

/**
 * Saves the contact (empty or null clears it) with its audit entry; nothing if it did not
 * change. Answers the contact as it now stands.
 */
export async function saveSafeguardingContact(
  db: Database,
  trustId: string,
  actor: Actor,
  given: string | null,
): Promise<string | null> {
  const contact = given === '' ? null : given;
  await db.asSystem(async (tx) => {
    const [before] = await tx
      .select({ contact: trusts.safeguardingContact })
      .from(trusts)
      .where(eq(trusts.id, trustId));
    if (before === undefined) throw new NotFoundError('That trust no longer exists');
    if (before.contact === contact) return;
    await tx.update(trusts).set({ safeguardingContact: contact }).where(eq(trusts.id, trustId));
    await audit(tx, actor, {
      trustId,
      action:
        contact === null ? 'removed the safeguarding contact' : 'set the safeguarding contact',
      entity: 'trust',
      entityId: trustId,
      details: { from: before.contact, to: contact },
    });
  });
  return contact;
}

function render(reply: FastifyReply, ctx: AdminContext, value: string, errors?: FieldError[]) {
  return reply.code(errors ? 400 : 200).page('trusts/views/safeguarding-contact.njk', {
    title: 'Safeguarding contact for respondents',
    breadcrumbs: ctx.breadcrumbs,
    base: ctx.base,
    value,
    limit: SAFEGUARDING_CONTACT_LIMIT,
    errors: errors ? errorView(errors) : undefined,
  });
}

export function safeguardingContactPages(app: FastifyInstance, db: Database) {
  const path = '/trusts/:trust/settings/safeguarding-contact';
  app.get<TrustParams>(path, async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    return render(reply, ctx, (await loadContact(db, ctx.trust.id)) ?? '');
  });

  app.post<TrustParams>(path, async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const body = formBody(request.body);
    const parsed = parseWith(contactSchema, body);
    if (!parsed.ok)
      return render(
        reply,
        ctx,
        typeof body.contact === 'string' ? body.contact : '',
        parsed.errors,
      );
    await saveSafeguardingContact(db, ctx.trust.id, ctx.actor, parsed.data.contact);
    return reply.redirect(`${ctx.base}?done=safeguarding-contact`, 303);
  });
}

export { loadContact as loadSafeguardingContact };
