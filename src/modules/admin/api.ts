import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { Mailer } from '../../mail.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { formBody } from '../../web/forms.ts';
import { apiActor, defineApiRoute } from '../../web/api-route.ts';
import { listTrustsWithPeople } from './repository.ts';
import { createTrustAndTell, newTrustSchema, parseNewTrust } from './service.ts';

// The system admins' operations on trusts in the JSON API: a system admin token (a global
// role, so a token of no trust) lists every trust and creates one, by the rules of
// System admin → Trusts.

const TAG = 'System admin';
const SYSTEM_ADMIN = ['system-admin'] as const;

interface AdminApiDeps {
  db: Database;
  mailer: Mailer;
  config: { baseUrl: string };
}

const trustOut = z.object({
  slug: z.string().describe('The short name in web addresses'),
  name: z.string(),
  region: z.string().nullable(),
  createdAt: z.iso.datetime(),
  people: z.number().int().describe('People with a role in the trust'),
});

function trustsRoute(s: AdminApiDeps) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts',
    summary: 'Every trust of the service',
    description: 'By name, with how many people have a role in each. System admin tokens only.',
    tag: TAG,
    roles: SYSTEM_ADMIN,
    response: z.array(trustOut),
    example: {
      response: [
        {
          slug: 'riverside',
          name: 'Riverside Partnership',
          region: 'North West',
          createdAt: '2026-01-12T14:03:00.000Z',
          people: 14,
        },
      ],
    },
    handler: async () =>
      (await s.db.asSystem(listTrustsWithPeople)).map((t) => ({
        slug: t.slug,
        name: t.name,
        region: t.region,
        createdAt: t.createdAt.toISOString(),
        people: t.people,
      })),
  });
}

function createTrustRoute(s: AdminApiDeps) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts',
    summary: 'Creates a trust',
    description:
      'As System admin → Trusts → Create a trust, with its first trust admin if adminName and adminEmail are given (both or neither). That person is emailed: an invitation to create their password (never in the answer), or a notice of the new role if they have an account. A slug already taken is refused (400).',
    tag: TAG,
    roles: SYSTEM_ADMIN,
    body: newTrustSchema,
    response: z.object({
      slug: z.string(),
      name: z.string(),
      region: z.string().nullable(),
      firstAdmin: z
        .enum(['none', 'invited', 'notified', 'mail-failed'])
        .describe(
          'none: no first trust admin named; invited or notified: their email was sent; mail-failed: it could not be sent, so ask them to use "Forgot your password?"',
        ),
    }),
    status: 201,
    example: {
      request: {
        name: 'North Shore Partnership',
        slug: 'north-shore',
        region: 'North East',
        adminName: 'Alex Morgan',
        adminEmail: 'alex.morgan@northshore.example.org',
      },
      response: {
        slug: 'north-shore',
        name: 'North Shore Partnership',
        region: 'North East',
        firstAdmin: 'invited',
      },
    },
    handler: async (ctx) => {
      // Checked again with the page's rule, which also pairs the first admin's name and email.
      const parsed = parseNewTrust(formBody(ctx.request.body));
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const deps = { db: s.db, mailer: s.mailer, baseUrl: s.config.baseUrl, log: ctx.request.log };
      const result = await createTrustAndTell(deps, apiActor(ctx), parsed.data);
      if (!result.ok) throw new ValidationError(result.errors);
      return {
        slug: result.trust.slug,
        name: result.trust.name,
        region: parsed.data.region ?? null,
        firstAdmin: result.firstAdmin,
      };
    },
  });
}

/** The system admin operations of the API. */
export function adminApi(s: AdminApiDeps) {
  return [trustsRoute(s), createTrustRoute(s)];
}
