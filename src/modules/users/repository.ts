import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { memberships, users } from '../../db/schema/index.ts';
import { isTrustRole, TRUST_ROLES, type TrustRole } from '../people/roles.ts';

// Every function runs in the trust's scope (db.withTrust): row-level security on
// memberships shows only this trust's roles; users is a global table joined to them.

export interface TrustPerson {
  id: string;
  name: string;
  email: string;
  roles: TrustRole[];
  /** True while they have not yet set a password. */
  invited: boolean;
}

const personColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  hasPassword: sql<boolean>`${users.passwordHash} is not null`,
  role: memberships.role,
};

function groupPeople(
  rows: { id: string; name: string; email: string; hasPassword: boolean; role: string }[],
): TrustPerson[] {
  const byId = new Map<string, TrustPerson>();
  for (const row of rows) {
    const person = byId.get(row.id) ?? {
      id: row.id,
      name: row.name,
      email: row.email,
      roles: [],
      invited: !row.hasPassword,
    };
    if (isTrustRole(row.role)) person.roles.push(row.role);
    byId.set(row.id, person);
  }
  for (const person of byId.values())
    person.roles.sort((a, b) => TRUST_ROLES.indexOf(a) - TRUST_ROLES.indexOf(b));
  return [...byId.values()];
}

/** People with at least one role in the trust, by name. */
export async function listTrustPeople(tx: Tx): Promise<TrustPerson[]> {
  const rows = await tx
    .select(personColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .orderBy(sql`lower(${users.name})`, users.email);
  return groupPeople(rows);
}

/** One person of the trust, or undefined if they have no role in it. */
export async function findTrustPerson(tx: Tx, userId: string): Promise<TrustPerson | undefined> {
  const rows = await tx
    .select(personColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.userId, userId));
  return groupPeople(rows)[0];
}

/** The roles a person holds in the trust (none if they are not in it). */
export async function rolesOf(tx: Tx, userId: string): Promise<TrustRole[]> {
  const rows = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  const held = rows.map((r) => r.role);
  return TRUST_ROLES.filter((role) => held.includes(role));
}

/**
 * The trust admins' user ids, with their membership rows locked until the transaction
 * ends, so two admins cannot remove each other at the same moment.
 */
export async function lockTrustAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.role, 'trust-admin'))
    .for('update');
  return rows.map((r) => r.userId);
}
