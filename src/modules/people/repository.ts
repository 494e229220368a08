import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import {
  drafts,
  globalRoles,
  invitationDrafts,
  memberships,
  sessions,
  signInAttempts,
  trusts,
  users,
  userTokens,
} from '../../db/schema/index.ts';
import { newSecret, sha256 } from './passwords.ts';
import {
  isGlobalRole,
  isTrustRole,
  TRUST_ROLES,
  type GlobalRole,
  type TrustRole,
} from '../../kernel/roles.ts';
import { SESSION_DAYS, type UserTrust } from '../../web/session.ts';

// Most of these functions work across trusts (a person's own memberships, sign-in), so they
// run in a system transaction. Those of the last section, a trust's people, run in that
// trust's scope.

export async function findUserByEmail(tx: Tx, email: string) {
  const [row] = await tx.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function createSession(tx: Tx, userId: string, currentTrustId: string | null) {
  const { secret, hash } = newSecret();
  await tx.insert(sessions).values({
    idHash: hash,
    userId,
    currentTrustId,
    csrfSecret: newSecret().secret,
    expiresAt: sql`now() + make_interval(days => ${SESSION_DAYS})`,
  });
  return secret;
}

export async function loadSession(tx: Tx, secret: string) {
  const [row] = await tx
    .select({
      idHash: sessions.idHash,
      currentTrustId: sessions.currentTrustId,
      expiresAt: sessions.expiresAt,
      user: { id: users.id, email: users.email, name: users.name },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.idHash, sha256(secret)),
        gt(sessions.expiresAt, sql`now()`),
        isNull(users.disabledAt),
      ),
    );
  return row;
}

export async function deleteSession(tx: Tx, secret: string) {
  await tx.delete(sessions).where(eq(sessions.idHash, sha256(secret)));
}

export async function setSessionTrust(tx: Tx, secret: string, trustId: string) {
  await tx
    .update(sessions)
    .set({ currentTrustId: trustId })
    .where(eq(sessions.idHash, sha256(secret)));
}

/** Ends every session of a user (after a password change). */
export async function deleteUserSessions(tx: Tx, userId: string) {
  await tx.delete(sessions).where(eq(sessions.userId, userId));
}

export async function listUserTrusts(tx: Tx, userId: string): Promise<UserTrust[]> {
  const rows = await tx
    .select({ id: trusts.id, slug: trusts.slug, name: trusts.name, role: memberships.role })
    .from(memberships)
    .innerJoin(trusts, eq(trusts.id, memberships.trustId))
    .where(eq(memberships.userId, userId))
    .orderBy(trusts.name);
  const byId = new Map<string, UserTrust>();
  for (const row of rows) {
    const trust = byId.get(row.id) ?? { id: row.id, slug: row.slug, name: row.name, roles: [] };
    if (isTrustRole(row.role)) trust.roles.push(row.role);
    byId.set(row.id, trust);
  }
  return [...byId.values()];
}

export async function listGlobalRoles(tx: Tx, userId: string): Promise<GlobalRole[]> {
  const rows = await tx
    .select({ role: globalRoles.role })
    .from(globalRoles)
    .where(eq(globalRoles.userId, userId));
  return rows.map((r) => r.role).filter(isGlobalRole);
}

// ---- Sign-in throttling: stored in the database so it holds across app instances ----

export const THROTTLE = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 };

export async function lockedUntil(tx: Tx, key: string): Promise<Date | null> {
  const [row] = await tx.select().from(signInAttempts).where(eq(signInAttempts.key, key));
  return row?.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil : null;
}

export async function recordFailure(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`
    insert into sign_in_attempts (key, failures, window_started_at) values (${key}, 1, now())
    on conflict (key) do update set
      failures = case when sign_in_attempts.window_started_at < now() - make_interval(mins => ${THROTTLE.windowMinutes})
                      then 1 else sign_in_attempts.failures + 1 end,
      window_started_at = case when sign_in_attempts.window_started_at < now() - make_interval(mins => ${THROTTLE.windowMinutes})
                      then now() else sign_in_attempts.window_started_at end`);
  await tx.execute(sql`
    update sign_in_attempts set locked_until = now() + make_interval(mins => ${THROTTLE.lockMinutes}),
      failures = 0, window_started_at = now()
    where key = ${key} and failures >= ${THROTTLE.maxFailures}`);
}

export async function clearFailures(tx: Tx, key: string): Promise<void> {
  await tx.delete(signInAttempts).where(eq(signInAttempts.key, key));
}

// ---- Emailed single-use links ----

export type TokenPurpose = 'reset' | 'invite';

export async function createUserToken(
  tx: Tx,
  userId: string,
  purpose: TokenPurpose,
  hours: number,
) {
  const { secret, hash } = newSecret();
  await tx.insert(userTokens).values({
    idHash: hash,
    userId,
    purpose,
    expiresAt: sql`now() + make_interval(hours => ${hours})`,
  });
  return secret;
}

export async function findUserToken(tx: Tx, secret: string) {
  const [row] = await tx
    .select({
      idHash: userTokens.idHash,
      purpose: userTokens.purpose,
      user: { id: users.id, email: users.email, name: users.name },
    })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(
      and(
        eq(userTokens.idHash, sha256(secret)),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, sql`now()`),
      ),
    );
  return row;
}

export async function useUserToken(tx: Tx, idHash: string) {
  const used = await tx
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(userTokens.idHash, idHash), isNull(userTokens.usedAt)))
    .returning({ idHash: userTokens.idHash });
  return used.length === 1;
}

export async function setPassword(tx: Tx, userId: string, passwordHash: string) {
  await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/** Makes a person's unused links of one purpose stop working (a new one replaces them). */
export async function expireUserTokens(tx: Tx, userId: string, purpose: TokenPurpose) {
  await tx
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(userTokens.userId, userId),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
      ),
    );
}

/** Removes expired sessions, used links and stale throttling rows. */
export async function purgeExpired(tx: Tx): Promise<void> {
  await tx.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
  await tx.delete(drafts).where(lt(drafts.expiresAt, sql`now()`));
  // An invitation's draft lasts until its questionnaire closes (even if the closing day moved).
  await tx.delete(invitationDrafts).where(
    and(
      lt(invitationDrafts.expiresOn, sql`current_date`),
      sql`not exists (select 1 from questionnaires q
          where q.id = ${invitationDrafts.questionnaireId} and q.closes_on >= current_date)`,
    ),
  );
  await tx.delete(userTokens).where(lt(userTokens.expiresAt, sql`now() - interval '7 days'`));
  await tx
    .delete(signInAttempts)
    .where(
      and(
        lt(signInAttempts.windowStartedAt, sql`now() - interval '1 day'`),
        or(isNull(signInAttempts.lockedUntil), lt(signInAttempts.lockedUntil, sql`now()`)),
      ),
    );
}

// ---- A trust's people ----

// Every function below runs in the trust's scope (db.withTrust): row-level security on
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
