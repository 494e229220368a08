import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { Mailer } from '../../mail.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute, type ApiContext } from '../../web/api-route.ts';
import { TRUST_ROLES } from '../../kernel/roles.ts';
import { findTrustBySlug } from './provisioning.ts';
import { findTrustPerson, listTrustPeople, type TrustPerson } from './repository.ts';
import { inviteSchema } from './schemas.ts';
import {
  invitePerson,
  LAST_ADMIN_MESSAGE,
  NO_INVITATION_MESSAGE,
  resendInvitation,
  setPersonRoles,
  type Inviter,
  type PeopleDeps,
  type TrustRef,
} from './service.ts';

// A trust's people in the JSON API, for trust admin tokens: the same rules as the People
// pages (service.ts), the token's name in the audit log. An invitation's link goes to the
// person by email only: no answer ever holds it.

const TAG = 'People';
const ADMIN = ['trust-admin'] as const;

interface PeopleApiDeps {
  db: Database;
  mailer: Mailer;
  config: { baseUrl: string };
}

const personSchema = z.object({
  id: z.uuid().describe("The person's id"),
  name: z.string().describe('Full name'),
  email: z.string().describe('Email address they sign in with'),
  roles: z.array(z.enum(TRUST_ROLES)).describe('Their roles in this trust'),
  invited: z.boolean().describe('True while they have not yet created a password'),
});

const rolesField = (empty: string) =>
  z
    .array(z.enum(TRUST_ROLES, { error: `Roles must be among: ${TRUST_ROLES.join(', ')}` }), {
      error: 'Send the roles as a list',
    })
    .min(1, empty)
    .transform((roles) => TRUST_ROLES.filter((r) => roles.includes(r)))
    .describe(`Trust roles, at least one, of: ${TRUST_ROLES.join(', ')}`);

const trustParams = z.object({ trust: z.string().describe('The trust slug, e.g. "demo"') });
const personParams = trustParams.extend({ user: z.uuid().describe("The person's id") });

const example = {
  id: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
  name: 'Sam Patel',
  email: 'sam.patel@riverside.example.org',
  roles: ['viewer' as const],
  invited: true,
};

async function trustOf(
  db: Database,
  ctx: ApiContext<unknown, unknown, unknown>,
): Promise<TrustRef> {
  const { slug } = apiTrust(ctx);
  const trust = await db.asSystem((tx) => findTrustBySlug(tx, slug));
  if (trust === undefined) throw new NotFoundError();
  return { id: trust.id, slug: trust.slug, name: trust.name };
}

/** The token as the people it writes to read it: the actor of the log, a name for mail. */
const inviterOf = (ctx: ApiContext<unknown, unknown, unknown>, trust: TrustRef): Inviter => ({
  ...apiActor(ctx),
  name: `${trust.name}'s trust admin`,
});

const depsOf = (s: PeopleApiDeps, ctx: ApiContext<unknown, unknown, unknown>): PeopleDeps => ({
  db: s.db,
  mailer: s.mailer,
  baseUrl: s.config.baseUrl,
  log: ctx.request.log,
});

async function personOf(db: Database, trustId: string, userId: string): Promise<TrustPerson> {
  const person = await db.withTrust(trustId, (tx) => findTrustPerson(tx, userId));
  if (person === undefined) throw new NotFoundError();
  return person;
}

function peopleRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/users',
    summary: 'List the people with a role in the trust',
    description: 'Everyone with at least one role in the trust, by name. Trust admin tokens only.',
    tag: TAG,
    roles: ADMIN,
    params: trustParams,
    response: z.array(personSchema),
    example: { response: [example] },
    handler: (ctx) => ctx.inTrust(listTrustPeople),
  });
}

function inviteRoute(s: PeopleApiDeps) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/users',
    summary: 'Invites a person to the trust',
    description:
      'As People → Invite someone. Someone new (or who has never set a password) is emailed a link to create their password, which works for 72 hours; someone with an account is told of their new role. The link is never in the answer. A person who already has every role given is refused (400).',
    tag: TAG,
    roles: ADMIN,
    params: trustParams,
    body: z.object({
      name: inviteSchema.shape.name.describe('Their full name'),
      email: inviteSchema.shape.email.describe('The email address they will sign in with'),
      roles: rolesField('Select at least one role'),
    }),
    response: personSchema.extend({
      mailSent: z
        .boolean()
        .describe(
          'False if the email could not be sent: invite them again, or ask them to use "Forgot your password?"',
        ),
    }),
    status: 201,
    example: {
      request: { name: 'Sam Patel', email: 'sam.patel@riverside.example.org', roles: ['viewer'] },
      response: { ...example, mailSent: true },
    },
    handler: async (ctx) => {
      const trust = await trustOf(s.db, ctx);
      const result = await invitePerson(depsOf(s, ctx), inviterOf(ctx, trust), trust, ctx.body);
      if (!result.ok) throw new ValidationError(result.errors);
      const person = await personOf(s.db, trust.id, result.userId);
      return { ...person, mailSent: result.mailSent };
    },
  });
}

function personRoute(s: PeopleApiDeps) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/users/:user',
    summary: 'A person of the trust and their roles',
    tag: TAG,
    roles: ADMIN,
    params: personParams,
    response: personSchema,
    example: { response: example },
    handler: async (ctx) => personOf(s.db, apiTrust(ctx).id, ctx.params.user),
  });
}

function changeRolesRoute(s: PeopleApiDeps) {
  return defineApiRoute({
    method: 'PATCH',
    url: '/api/v1/trusts/:trust/users/:user',
    summary: "Changes a person's roles in the trust",
    description:
      'As People → a person → Save roles: they then hold exactly these roles. Taking the trust admin role from the last trust admin is refused (409).',
    tag: TAG,
    roles: ADMIN,
    params: personParams,
    body: z.object({
      roles: rolesField('Select at least one role, or remove them from this trust with DELETE'),
    }),
    response: personSchema,
    example: {
      request: { roles: ['contributor', 'viewer'] },
      response: { ...example, roles: ['contributor', 'viewer'] },
    },
    handler: async (ctx) => {
      const trust = apiTrust(ctx);
      const result = await setPersonRoles(
        s.db,
        apiActor(ctx),
        trust.id,
        ctx.params.user,
        ctx.body.roles,
      );
      if (!result.ok && result.reason === 'not-found') throw new NotFoundError();
      if (!result.ok) throw new ConflictError(LAST_ADMIN_MESSAGE);
      return personOf(s.db, trust.id, ctx.params.user);
    },
  });
}

function removeRoute(s: PeopleApiDeps) {
  return defineApiRoute({
    method: 'DELETE',
    url: '/api/v1/trusts/:trust/users/:user',
    summary: 'Removes a person from the trust',
    description:
      'As People → a person → Remove: every role they hold in this trust is taken away (their account stays, with any roles in other trusts). Removing the last trust admin is refused (409).',
    tag: TAG,
    roles: ADMIN,
    params: personParams,
    response: z.null().describe('No content'),
    status: 204,
    example: { response: null },
    handler: async (ctx) => {
      const result = await setPersonRoles(
        s.db,
        apiActor(ctx),
        apiTrust(ctx).id,
        ctx.params.user,
        [],
      );
      if (!result.ok && result.reason === 'not-found') throw new NotFoundError();
      if (!result.ok) throw new ConflictError(LAST_ADMIN_MESSAGE);
      return null;
    },
  });
}

function resendRoute(s: PeopleApiDeps) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/users/:user/invitation',
    summary: 'Sends a person a new invitation',
    description:
      'As People → a person → Send a new invitation: a fresh link to create their password, by email; earlier links stop working. Refused (409) once they have set a password.',
    tag: TAG,
    roles: ADMIN,
    params: personParams,
    response: z.object({
      email: z.string().describe('Where the invitation was sent'),
      mailSent: z.boolean().describe('False if the email could not be sent'),
    }),
    status: 201,
    example: { response: { email: example.email, mailSent: true } },
    handler: async (ctx) => {
      const trust = await trustOf(s.db, ctx);
      const person = await personOf(s.db, trust.id, ctx.params.user);
      const result = await resendInvitation(
        depsOf(s, ctx),
        inviterOf(ctx, trust),
        trust,
        person.id,
      );
      if (!result.ok && result.reason === 'not-found') throw new NotFoundError();
      if (!result.ok) throw new ConflictError(NO_INVITATION_MESSAGE);
      return { email: person.email, mailSent: result.mailSent };
    },
  });
}

/** The people operations of the API. */
export function peopleApi(s: PeopleApiDeps) {
  return [
    peopleRoute(),
    inviteRoute(s),
    personRoute(s),
    changeRolesRoute(s),
    removeRoute(s),
    resendRoute(s),
  ];
}
