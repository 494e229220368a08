import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { present } from '../../kernel/errors.ts';
import { TRUST_ROLES, type TrustRole } from '../../kernel/roles.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './tokens.ts';

// A trust's API tokens as its trust admin manages them, on the page or through the API:
// created (the secret answered once, never stored) and revoked, each with its audit entry.

export const tokenSchema = z.object({
  name: z
    .string({ error: 'Enter a name for the token' })
    .trim()
    .min(1, 'Enter a name for the token')
    .max(80, 'Name must be 80 characters or fewer')
    .describe('Which system uses it, e.g. Power BI board dashboard'),
  role: z
    .enum(TRUST_ROLES, { error: 'Select what the token may do' })
    .describe(`What it may do in this trust: ${TRUST_ROLES.join(', ')}`),
});

export type TrustToken = Awaited<ReturnType<typeof listApiTokens>>[number];

/** The trust's tokens, oldest first, without their secrets (which are never stored). */
export function listTrustTokens(db: Database, trustId: string): Promise<TrustToken[]> {
  return db.withTrust(trustId, (tx) => listApiTokens(tx, trustId));
}

/** Creates a token of the trust, audited; the answer holds its secret, this once only. */
export async function createTrustToken(
  db: Database,
  trustId: string,
  actor: Actor,
  values: { name: string; role: TrustRole },
): Promise<TrustToken & { token: string }> {
  return db.withTrust(trustId, async (tx) => {
    const created = await createApiToken(tx, { trustId, ...values, createdBy: actor.userId });
    await audit(tx, actor, {
      trustId,
      action: 'created API token',
      entity: 'api_token',
      entityId: created.id,
      details: { ...values },
    });
    const listed = (await listApiTokens(tx, trustId)).find((t) => t.id === created.id);
    return { ...present(listed, 'the token just created'), token: created.token };
  });
}

/** Revokes a token of the trust, audited; false if it has none such or it is already revoked. */
export async function revokeTrustToken(
  db: Database,
  trustId: string,
  actor: Actor,
  id: string,
): Promise<boolean> {
  return db.withTrust(trustId, async (tx) => {
    const token = (await listApiTokens(tx, trustId)).find((t) => t.id === id);
    if (token === undefined || !(await revokeApiToken(tx, trustId, id))) return false;
    await audit(tx, actor, {
      trustId,
      action: 'revoked API token',
      entity: 'api_token',
      entityId: id,
      details: { name: token.name, role: token.role },
    });
    return true;
  });
}
