import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { globalRoles, memberships, trusts, users } from '../../db/schema/index.ts';
import { present } from '../../kernel/errors.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { hashPassword } from './passwords.ts';
import type { GlobalRole, TrustRole } from '../../kernel/roles.ts';

// Creating trusts, people and their roles. Used by the system admin pages, trust admins'
// invitations, the operator command and the demo data. Each runs in the caller's
// transaction (a system one for trusts and people; memberships are trust-owned rows).

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export async function insertTrust(
  tx: Tx,
  actor: Actor,
  input: { slug: string; name: string; region?: string | null | undefined },
) {
  const [trust] = await tx
    .insert(trusts)
    .values({ slug: input.slug, name: input.name, region: input.region ?? null })
    .onConflictDoNothing()
    .returning();
  if (trust === undefined) return undefined;
  await audit(tx, actor, {
    trustId: trust.id,
    action: 'created trust',
    entity: 'trust',
    entityId: trust.id,
    details: { slug: trust.slug, name: trust.name },
  });
  return trust;
}

export async function findTrustBySlug(tx: Tx, slug: string) {
  const [trust] = await tx.select().from(trusts).where(eq(trusts.slug, slug));
  return trust;
}

/** Finds a person by email or creates them (without a password unless one is given). */
export async function ensureUser(
  tx: Tx,
  input: { email: string; name: string; password?: string | undefined },
) {
  const email = input.email.toLowerCase();
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const [created] = await tx
    .insert(users)
    .values({ email, name: input.name, passwordHash })
    .onConflictDoNothing()
    .returning();
  if (created !== undefined) return { user: created, created: true };
  // The insert did nothing, so someone has this address (users are never deleted).
  const existing = present(
    (await tx.select().from(users).where(eq(users.email, email)))[0],
    'the person whose address the insert found taken',
  );
  if (passwordHash !== null)
    await tx.update(users).set({ passwordHash }).where(eq(users.id, existing.id));
  return { user: existing, created: false };
}

export async function grantTrustRole(
  tx: Tx,
  actor: Actor,
  trustId: string,
  userId: string,
  role: TrustRole,
): Promise<boolean> {
  const rows = await tx
    .insert(memberships)
    .values({ trustId, userId, role })
    .onConflictDoNothing()
    .returning({ id: memberships.id });
  if (rows.length === 0) return false;
  await audit(tx, actor, {
    trustId,
    action: 'granted role',
    entity: 'membership',
    entityId: userId,
    details: { role },
  });
  return true;
}

export async function revokeTrustRole(
  tx: Tx,
  actor: Actor,
  trustId: string,
  userId: string,
  role: TrustRole,
): Promise<boolean> {
  const rows = await tx
    .delete(memberships)
    .where(
      and(
        eq(memberships.trustId, trustId),
        eq(memberships.userId, userId),
        eq(memberships.role, role),
      ),
    )
    .returning({ id: memberships.id });
  if (rows.length === 0) return false;
  await audit(tx, actor, {
    trustId,
    action: 'revoked role',
    entity: 'membership',
    entityId: userId,
    details: { role },
  });
  return true;
}

export async function grantGlobalRole(tx: Tx, userId: string, role: GlobalRole) {
  await tx.insert(globalRoles).values({ userId, role }).onConflictDoNothing();
}
