import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { Mail } from '../../mail.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { parseWith, type FormResult } from '../../web/forms.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { findVersionSummary, publishVersion } from '../framework/index.ts';
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

const newTrustSchema = z.object({
  name: z
    .string({ error: 'Enter the name of the trust' })
    .min(1, 'Enter the name of the trust')
    .max(120, 'Name must be 120 characters or fewer'),
  slug: z
    .string({ error: 'Enter a short name for web addresses' })
    .min(1, 'Enter a short name for web addresses')
    .max(60, 'Short name must be 60 characters or fewer')
    .regex(
      SLUG_PATTERN,
      'Short name must only include lower-case letters, numbers and single hyphens, like north-shore',
    ),
  region: optional(120, 'Region must be 120 characters or fewer'),
  adminName: optional(100, 'Name must be 100 characters or fewer'),
  adminEmail: z
    .union([
      z.literal(''),
      z
        .email({ error: 'Enter an email address in the correct format, like name@example.org' })
        .max(254, 'Email address must be 254 characters or fewer'),
    ])
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v)),
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

/** Publishes a draft version, with an audit entry outside any trust. */
export async function publishFrameworkVersion(
  db: Database,
  actor: Actor,
  key: string,
): Promise<'published' | 'already' | 'missing'> {
  return db.asSystem(async (tx) => {
    const version = await findVersionSummary(tx, key);
    if (version === undefined) return 'missing';
    if (version.status === 'published') return 'already';
    await publishVersion(tx, key);
    await audit(tx, actor, {
      trustId: null,
      action: 'published framework version',
      entity: 'framework_version',
      entityId: key,
      details: { title: version.title },
    });
    return 'published';
  });
}
