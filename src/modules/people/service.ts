import type { Database } from '../../db/client.ts';
import type { Mail, Mailer } from '../../mail.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { ensureUser, grantTrustRole, revokeTrustRole } from './provisioning.ts';
import {
  createUserToken,
  expireUserTokens,
  findTrustPerson,
  findUserByEmail,
  lockTrustAdmins,
  rolesOf,
} from './repository.ts';
import { ROLE_LABELS, type TrustRole } from '../../kernel/roles.ts';

/** How long an invitation link works. */
export const INVITE_HOURS = 72;

export interface PeopleDeps {
  db: Database;
  mailer: Mailer;
  baseUrl: string;
  log: { error(obj: object, msg: string): void };
}

export interface TrustRef {
  id: string;
  slug: string;
  name: string;
}

/** The person doing the change: their id and email for the audit log, their name for mail. */
export interface Inviter extends Actor {
  name: string;
}

export const LAST_ADMIN_MESSAGE =
  'A trust must always have at least one trust admin. Give the trust admin role to someone else first.';

function roleList(roles: readonly TrustRole[]): string {
  const labels = roles.map((r) => ROLE_LABELS[r].toLowerCase());
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1) ?? ''}`;
}

function invitationMail(
  person: { name: string; email: string },
  inviter: Inviter,
  trust: TrustRef,
  roles: readonly TrustRole[],
  url: string,
): Mail {
  return {
    to: person.email,
    subject: `You have been invited to ${trust.name} on One Children's Workforce`,
    text:
      `Hello ${person.name},\n\n` +
      `${inviter.name} has invited you to join ${trust.name} on One Children's Workforce as ${roleList(roles)}.\n\n` +
      `To accept, create your password with this link. It works once, within ${INVITE_HOURS / 24} days:\n\n${url}\n\n` +
      `If you were not expecting this email, you can ignore it.\n`,
  };
}

function newRoleMail(
  person: { name: string; email: string },
  inviter: Inviter,
  trust: TrustRef,
  roles: readonly TrustRole[],
  baseUrl: string,
): Mail {
  return {
    to: person.email,
    subject: `You now have a role in ${trust.name}`,
    text:
      `Hello ${person.name},\n\n` +
      `${inviter.name} has given you the role of ${roleList(roles)} in ${trust.name} on One Children's Workforce.\n\n` +
      `Sign in to see it:\n\n${baseUrl}/sign-in\n\n` +
      `If you think this is a mistake, contact ${inviter.name}.\n`,
  };
}

/** Sends a mail after its transaction has committed; a failure is logged, not thrown. */
async function trySend(deps: PeopleDeps, mail: Mail): Promise<boolean> {
  try {
    await deps.mailer.send(mail);
    return true;
  } catch (err) {
    deps.log.error({ err, to: mail.to }, 'could not send mail');
    return false;
  }
}

export type InviteResult =
  | { ok: true; userId: string; created: boolean; mailSent: boolean }
  | { ok: false; errors: FieldError[] };

const ALREADY_HAS_ROLES: FieldError = {
  field: 'email',
  message: 'This person already has every role you selected in this trust',
};

/**
 * Invites a person to the trust with the given roles. Someone new (or who has never set a
 * password) gets a link to create their password; someone with an account gets a notice.
 */
export async function invitePerson(
  deps: PeopleDeps,
  inviter: Inviter,
  trust: TrustRef,
  input: { name: string; email: string; roles: TrustRole[] },
): Promise<InviteResult> {
  const { db } = deps;
  const existing = await db.asSystem((tx) => findUserByEmail(tx, input.email));
  if (existing !== undefined) {
    const held = await db.withTrust(trust.id, (tx) => rolesOf(tx, existing.id));
    if (input.roles.every((r) => held.includes(r)))
      return { ok: false, errors: [ALREADY_HAS_ROLES] };
  }
  // People are global rows; an account without roles or password is harmless if the
  // step below fails, and inviting again completes it.
  const { user, created } = await db.asSystem((tx) =>
    ensureUser(tx, { email: input.email, name: input.name }),
  );
  const outcome = await db.withTrust(trust.id, async (tx) => {
    const held = await rolesOf(tx, user.id);
    const granted: TrustRole[] = [];
    for (const role of input.roles) {
      if (held.includes(role)) continue;
      if (await grantTrustRole(tx, inviter, trust.id, user.id, role)) granted.push(role);
    }
    if (granted.length === 0) return undefined;
    await audit(tx, inviter, {
      trustId: trust.id,
      action: 'invited person',
      entity: 'user',
      entityId: user.id,
      details: { email: user.email, roles: granted },
    });
    const secret =
      user.passwordHash === null
        ? await createUserToken(tx, user.id, 'invite', INVITE_HOURS)
        : undefined;
    return { granted, secret };
  });
  if (outcome === undefined) return { ok: false, errors: [ALREADY_HAS_ROLES] };
  const mail =
    outcome.secret === undefined
      ? newRoleMail(user, inviter, trust, outcome.granted, deps.baseUrl)
      : invitationMail(
          user,
          inviter,
          trust,
          outcome.granted,
          `${deps.baseUrl}/invitation/${outcome.secret}`,
        );
  const mailSent = await trySend(deps, mail);
  return { ok: true, userId: user.id, created, mailSent };
}

export type RolesResult =
  | { ok: true; granted: TrustRole[]; revoked: TrustRole[] }
  | { ok: false; reason: 'not-found' | 'last-admin' };

/**
 * Gives a person of the trust exactly these roles (none removes them from the trust), in
 * one transaction. Refused if it would leave the trust without a trust admin.
 */
export async function setPersonRoles(
  db: Database,
  actor: Actor,
  trustId: string,
  userId: string,
  roles: readonly TrustRole[],
): Promise<RolesResult> {
  return db.withTrust(trustId, async (tx) => {
    const held = await rolesOf(tx, userId);
    if (held.length === 0) return { ok: false, reason: 'not-found' };
    const granted = roles.filter((r) => !held.includes(r));
    const revoked = held.filter((r) => !roles.includes(r));
    if (revoked.includes('trust-admin')) {
      const admins = await lockTrustAdmins(tx);
      if (!admins.some((id) => id !== userId)) return { ok: false, reason: 'last-admin' };
    }
    for (const role of granted) await grantTrustRole(tx, actor, trustId, userId, role);
    for (const role of revoked) await revokeTrustRole(tx, actor, trustId, userId, role);
    if (roles.length === 0)
      await audit(tx, actor, {
        trustId,
        action: 'removed person',
        entity: 'user',
        entityId: userId,
        details: { roles: revoked },
      });
    return { ok: true, granted, revoked };
  });
}

export const NO_INVITATION_MESSAGE =
  'This person has already set a password, so there is no invitation to resend.';

export type ResendResult =
  { ok: true; mailSent: boolean } | { ok: false; reason: 'not-found' | 'has-password' };

/** Sends a fresh invitation link; earlier invitation links stop working. */
export async function resendInvitation(
  deps: PeopleDeps,
  inviter: Inviter,
  trust: TrustRef,
  userId: string,
): Promise<ResendResult> {
  const outcome = await deps.db.withTrust(trust.id, async (tx) => {
    const person = await findTrustPerson(tx, userId);
    if (person === undefined) return 'not-found' as const;
    if (!person.invited) return 'has-password' as const;
    await expireUserTokens(tx, userId, 'invite');
    const secret = await createUserToken(tx, userId, 'invite', INVITE_HOURS);
    await audit(tx, inviter, {
      trustId: trust.id,
      action: 'resent invitation',
      entity: 'user',
      entityId: userId,
      details: { email: person.email },
    });
    return { person, secret };
  });
  if (typeof outcome === 'string') return { ok: false, reason: outcome };
  const mailSent = await trySend(
    deps,
    invitationMail(
      outcome.person,
      inviter,
      trust,
      outcome.person.roles,
      `${deps.baseUrl}/invitation/${outcome.secret}`,
    ),
  );
  return { ok: true, mailSent };
}
