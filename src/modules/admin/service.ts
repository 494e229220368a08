import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { Mail, Mailer } from '../../mail.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { parseWith, type FormResult } from '../../web/forms.ts';
import type { Actor } from '../../kernel/audit.ts';
import {
  ensureUser,
  findTrustBySlug,
  grantTrustRole,
  insertTrust,
  SLUG_PATTERN,
  createUserToken,
} from '../people/index.ts';

const optional = (max: number, message: string) =>
  z
    .string()
    .max(max, message)
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v));

export const newTrustSchema = z.object({
  name: z
    .string({ error: 'Enter the name of the trust' })
    .min(1, 'Enter the name of the trust')
    .max(120, 'Name must be 120 characters or fewer')
    .describe('The name of the trust'),
  slug: z
    .string({ error: 'Enter a short name for web addresses' })
    .min(1, 'Enter a short name for web addresses')
    .max(60, 'Short name must be 60 characters or fewer')
    .regex(
      SLUG_PATTERN,
      'Short name must only include lower-case letters, numbers and single hyphens, like north-shore',
    )
    .describe('The short name in web addresses, e.g. north-shore; it never changes'),
  region: optional(120, 'Region must be 120 characters or fewer').describe('Its region, if any'),
  adminName: optional(100, 'Name must be 100 characters or fewer').describe(
    'The name of the first trust admin, if one is named (with adminEmail)',
  ),
  adminEmail: z
    .union([
      z.literal(''),
      z
        .email({ error: 'Enter an email address in the correct format, like name@example.org' })
        .max(254, 'Email address must be 254 characters or fewer'),
    ])
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v))
    .describe(
      'The email of the first trust admin: invited to create a password, or told of the role if they have an account',
    ),
});

const FIELD_ORDER = ['name', 'slug', 'region', 'adminName', 'adminEmail'];

export type NewTrust = z.infer<typeof newTrustSchema>;

/** Checks the new-trust form; the first admin's name and email go together. */
export function parseNewTrust(body: Record<string, unknown>): FormResult<NewTrust> {
  const parsed = parseWith(newTrustSchema, body);
  const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors];
  const given = (field: string) => typeof body[field] === 'string' && body[field] !== '';
  const add = (field: string, message: string) => {
    if (!errors.some((e) => e.field === field)) errors.push({ field, message });
  };
  if (given('adminEmail') && !given('adminName'))
    add('adminName', 'Enter the name of the first trust admin');
  if (given('adminName') && !given('adminEmail'))
    add('adminEmail', 'Enter the email address of the first trust admin');
  if (errors.length > 0) {
    errors.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
    return { ok: false, errors };
  }
  return parsed;
}

const DUPLICATE_SLUG: FieldError = {
  field: 'slug',
  message: 'A trust with this short name already exists. Choose another short name',
};

function isUniqueViolation(error: unknown): boolean {
  const code = (e: unknown) => (e as { code?: unknown } | null)?.code;
  return code(error) === '23505' || code((error as { cause?: unknown }).cause) === '23505';
}

export type CreateTrustResult =
  | {
      ok: true;
      trust: { id: string; slug: string; name: string };
      mail: Mail | undefined;
      invited: boolean;
    }
  | { ok: false; errors: FieldError[] };

/**
 * Creates a trust and, if one is named, its first trust admin, in one transaction. Returns
 * the email to send once the transaction has committed (an invitation for someone without
 * a password, otherwise a notice of the new role).
 */
export async function createTrust(
  db: Database,
  actor: Actor,
  baseUrl: string,
  input: NewTrust,
): Promise<CreateTrustResult> {
  try {
    return await db.asSystem(async (tx): Promise<CreateTrustResult> => {
      if ((await findTrustBySlug(tx, input.slug)) !== undefined)
        return { ok: false, errors: [DUPLICATE_SLUG] };
      const trust = await insertTrust(tx, actor, input);
      if (trust === undefined) return { ok: false, errors: [DUPLICATE_SLUG] };
      if (input.adminEmail === undefined || input.adminName === undefined)
        return { ok: true, trust, mail: undefined, invited: false };
      const { user } = await ensureUser(tx, { email: input.adminEmail, name: input.adminName });
      await grantTrustRole(tx, actor, trust.id, user.id, 'trust-admin');
      if (user.passwordHash !== null)
        return {
          ok: true,
          trust,
          invited: false,
          mail: {
            to: user.email,
            subject: `You are now a trust admin for ${trust.name}`,
            text: `Hello ${user.name},\n\nYou are now a trust admin for ${trust.name} on One Children's Workforce. You can set up the partnership, invite people and run assessments.\n\nSign in with your usual email address and password:\n\n${baseUrl}/sign-in\n`,
          },
        };
      const secret = await createUserToken(tx, user.id, 'invite', 72);
      return {
        ok: true,
        trust,
        invited: true,
        mail: {
          to: user.email,
          subject: `You have been invited to run ${trust.name} on One Children's Workforce`,
          text: `Hello ${user.name},\n\nYou have been made the trust admin for ${trust.name} on One Children's Workforce. As trust admin you set up the partnership, invite people and run assessments.\n\nCreate your password using this link. It works once, within 72 hours:\n\n${baseUrl}/invitation/${secret}\n\nIf the link has expired, use "Forgot your password?" on the sign-in page.\n`,
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: [DUPLICATE_SLUG] };
    throw error;
  }
}

export interface AdminDeps {
  db: Database;
  mailer: Mailer;
  baseUrl: string;
  log: { error(obj: object, msg: string): void };
}

/** What became of the first trust admin's email: none named, invited, told, or not sent. */
export type FirstAdmin = 'none' | 'invited' | 'notified' | 'mail-failed';

/**
 * Creates a trust (and its first trust admin) with createTrust, then sends that person's
 * email: the pages and the API. A mail that cannot be sent is logged, not thrown.
 */
export async function createTrustAndTell(
  deps: AdminDeps,
  actor: Actor,
  input: NewTrust,
): Promise<
  | { ok: true; trust: { id: string; slug: string; name: string }; firstAdmin: FirstAdmin }
  | { ok: false; errors: FieldError[] }
> {
  const result = await createTrust(deps.db, actor, deps.baseUrl, input);
  if (!result.ok) return result;
  if (result.mail === undefined) return { ok: true, trust: result.trust, firstAdmin: 'none' };
  try {
    await deps.mailer.send(result.mail);
    return { ok: true, trust: result.trust, firstAdmin: result.invited ? 'invited' : 'notified' };
  } catch (error) {
    deps.log.error({ err: error }, 'could not send the first trust admin’s email');
    return { ok: true, trust: result.trust, firstAdmin: 'mail-failed' };
  }
}
