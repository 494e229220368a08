import type { Database, Tx } from '../../db/client.ts';
import type { Mailer } from '../../mail.ts';
import { audit } from '../../kernel/audit.ts';
import {
  hashPassword,
  verifyPassword,
  clearFailures,
  createSession,
  createUserToken,
  deleteSession,
  deleteUserSessions,
  findUserByEmail,
  findUserToken,
  listGlobalRoles,
  listUserTrusts,
  loadSession,
  lockedUntil,
  recordFailure,
  setPassword,
  useUserToken,
} from '../people/index.ts';
import { TRUST_ROLES } from '../../kernel/roles.ts';
import type { AuthContext, UserTrust } from '../../web/session.ts';

export type SignInResult =
  | { ok: true; sessionSecret: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: Date };

/**
 * Checks a password. Failures are counted per email address in the database, so the
 * limit holds across app instances; after 5 failures in 15 minutes the account's
 * sign-in is locked for 15 minutes. A new session replaces any session the browser had.
 */
export async function signIn(
  db: Database,
  input: { email: string; password: string; previousSession?: string | undefined },
): Promise<SignInResult> {
  const email = input.email.toLowerCase();
  const key = `email:${email}`;
  const locked = await db.asSystem((tx) => lockedUntil(tx, key));
  if (locked !== null) return { ok: false, reason: 'locked', until: locked };
  const user = await db.asSystem((tx) => findUserByEmail(tx, email));
  const valid = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (user === undefined || !valid || user.disabledAt !== null) {
    await db.asSystem((tx) => recordFailure(tx, key));
    const nowLocked = await db.asSystem((tx) => lockedUntil(tx, key));
    return nowLocked === null
      ? { ok: false, reason: 'invalid' }
      : { ok: false, reason: 'locked', until: nowLocked };
  }
  const { sessionSecret } = await db.asSystem(async (tx) => {
    await clearFailures(tx, key);
    return openSession(tx, user.id, input.previousSession);
  });
  return { ok: true, sessionSecret };
}

/** A new session for the person, on their first trust; it replaces the browser's old one. */
async function openSession(
  tx: Tx,
  userId: string,
  previousSession: string | undefined,
): Promise<{ sessionSecret: string; trust: UserTrust | undefined }> {
  if (previousSession !== undefined) await deleteSession(tx, previousSession);
  const trust = firstTrust(await listUserTrusts(tx, userId));
  return { sessionSecret: await createSession(tx, userId, trust?.id ?? null), trust };
}

/** The trust a session opens on: where the person holds the widest role, then by name. */
function firstTrust(trusts: UserTrust[]): UserTrust | undefined {
  const rank = (t: UserTrust) => Math.min(...t.roles.map((role) => TRUST_ROLES.indexOf(role)));
  return [...trusts].sort((a, b) => rank(a) - rank(b))[0];
}

/** Who holds the session: the person, their trusts and roles; null for none or an expired one. */
export async function signedIn(tx: Tx, secret: string): Promise<AuthContext | null> {
  const session = await loadSession(tx, secret);
  if (session === undefined) return null;
  const [trusts, globalRoles] = await Promise.all([
    listUserTrusts(tx, session.user.id),
    listGlobalRoles(tx, session.user.id),
  ]);
  const currentTrust = trusts.find((t) => t.id === session.currentTrustId) ?? trusts[0] ?? null;
  return { user: session.user, sessionSecret: secret, globalRoles, trusts, currentTrust };
}

export async function signOut(db: Database, sessionSecret: string | undefined) {
  if (sessionSecret !== undefined) await db.asSystem((tx) => deleteSession(tx, sessionSecret));
}

/** Sends a reset link if the address belongs to someone; says nothing either way. */
export async function requestPasswordReset(
  db: Database,
  mailer: Mailer,
  baseUrl: string,
  email: string,
) {
  const link = await db.asSystem(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (user === undefined || user.disabledAt !== null) return undefined;
    const secret = await createUserToken(tx, user.id, 'reset', 2);
    return { user, url: `${baseUrl}/reset-password/${secret}` };
  });
  if (link === undefined) return;
  await mailer.send({
    to: link.user.email,
    subject: "Reset your One Children's Workforce password",
    text: `Hello ${link.user.name},\n\nSomeone asked to reset the password for your account. If it was you, use this link within 2 hours:\n\n${link.url}\n\nIf it was not you, you can ignore this email; your password has not changed.\n`,
  });
}

export async function findLinkUser(db: Database, secret: string) {
  return db.asSystem((tx) => findUserToken(tx, secret));
}

/**
 * Sets a password from an emailed link (reset or invitation); the link works once, and
 * other sessions of the account end. Accepting an invitation signs the person in at once
 * (`sessionSecret`, on their first trust); false when the link has expired or been used.
 */
export async function completePasswordLink(
  db: Database,
  secret: string,
  password: string,
  previousSession?: string,
): Promise<false | { sessionSecret: string | null; trust: UserTrust | undefined }> {
  const passwordHash = await hashPassword(password);
  return db.asSystem(async (tx) => {
    const token = await findUserToken(tx, secret);
    if (token === undefined || !(await useUserToken(tx, token.idHash))) return false;
    await setPassword(tx, token.user.id, passwordHash);
    await deleteUserSessions(tx, token.user.id);
    const invited = token.purpose === 'invite';
    await audit(
      tx,
      { userId: token.user.id, label: token.user.email },
      {
        trustId: null,
        action: invited ? 'accepted invitation' : 'reset password',
        entity: 'user',
        entityId: token.user.id,
      },
    );
    if (!invited) return { sessionSecret: null, trust: undefined };
    return openSession(tx, token.user.id, previousSession);
  });
}
