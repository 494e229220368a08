import { z } from 'zod';
import { asArray } from '../../web/forms.ts';
import { isTrustRole, TRUST_ROLES } from '../../kernel/roles.ts';

/** A checkbox group of trust roles: at least one, only known roles, in the usual order. */
export function rolesField(emptyMessage: string) {
  return z.preprocess(
    asArray,
    z
      .array(z.string())
      .min(1, emptyMessage)
      .refine((roles) => roles.every(isTrustRole), 'Select roles from the list')
      .transform((roles) => TRUST_ROLES.filter((r) => roles.includes(r))),
  );
}

export const inviteSchema = z.object({
  name: z
    .string({ error: 'Enter their name' })
    .trim()
    .min(1, 'Enter their name')
    .max(100, 'Name must be 100 characters or fewer'),
  email: z
    .string({ error: 'Enter their email address' })
    .trim()
    .min(1, 'Enter their email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.org' }))
    .transform((email) => email.toLowerCase()),
  roles: rolesField('Select at least one role'),
});

export const rolesSchema = z.object({
  roles: rolesField('Select at least one role, or remove them from this trust'),
});

export const userIdSchema = z.uuid();
