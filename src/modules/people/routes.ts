import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import type { Mailer } from '../../mail.ts';
import { tablePage } from '../../web/table-pages.ts';
import { HttpError, NotFoundError } from '../../kernel/errors.ts';
import { errorView, formBody, parseWith } from '../../web/forms.ts';
import { requireTrust, type AuthContext, type UserTrust } from '../../web/session.ts';
import { ROLE_HINTS, ROLE_LABELS, TRUST_ROLES, type TrustRole } from '../../kernel/roles.ts';
import { findTrustPerson, listTrustPeople, type TrustPerson } from './repository.ts';
import { peopleTable } from './tables.ts';
import { inviteSchema, rolesSchema, userIdSchema } from './schemas.ts';
import {
  invitePerson,
  LAST_ADMIN_MESSAGE,
  NO_INVITATION_MESSAGE,
  resendInvitation,
  setPersonRoles,
  type Inviter,
  type PeopleDeps,
} from './service.ts';

type TrustParams = { Params: { trust: string } };
type PersonParams = { Params: { trust: string; userId: string } };

/** Fixed banner messages, chosen by ?done=<key> after a redirect. */
const FLASH: Record<string, string> = {
  invited: 'Invitation sent',
  added: 'Role given. We have emailed them to let them know.',
  saved: 'Roles saved',
  removed: 'They have been removed from this trust',
  resent: 'A new invitation has been sent. Earlier invitation links no longer work.',
};
const MAIL_FAILED = 'mail-failed';

const ROLE_ITEMS = TRUST_ROLES.map((role) => ({
  value: role,
  text: ROLE_LABELS[role],
  hint: { text: ROLE_HINTS[role] },
}));

function doneKey(request: FastifyRequest): string | undefined {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' ? done : undefined;
}

function inviterOf(auth: AuthContext): Inviter {
  return { userId: auth.user.id, label: auth.user.email, name: auth.user.name };
}

export interface PeopleOptions {
  db: Database;
  mailer: Mailer;
  baseUrl: string;
}

const deps = (options: PeopleOptions, request: FastifyRequest): PeopleDeps => ({
  ...options,
  log: request.log,
});

const base = (trust: UserTrust) => `/trusts/${trust.slug}/users`;

const crumbs = (trust: UserTrust, withPeople = true) => [
  { text: trust.name, href: `/trusts/${trust.slug}` },
  { text: 'Trust set-up', href: `/trusts/${trust.slug}/settings` },
  ...(withPeople ? [{ text: 'People', href: base(trust) }] : []),
];

async function loadPerson(db: Database, trust: UserTrust, userId: string): Promise<TrustPerson> {
  if (!userIdSchema.safeParse(userId).success) throw new NotFoundError();
  const person = await db.withTrust(trust.id, (tx) => findTrustPerson(tx, userId));
  if (person === undefined) throw new NotFoundError();
  return person;
}

function personPage(
  reply: FastifyReply,
  trust: UserTrust,
  person: TrustPerson,
  extra: Record<string, unknown> = {},
) {
  return reply.page('people/views/person.njk', {
    title: person.name,
    breadcrumbs: crumbs(trust),
    trust,
    person,
    roleItems: ROLE_ITEMS,
    values: { roles: person.roles },
    ...extra,
  });
}

const invitePage = (trust: UserTrust, extra: Record<string, unknown> = {}) => ({
  title: 'Invite someone',
  breadcrumbs: crumbs(trust),
  trust,
  roleItems: ROLE_ITEMS,
  values: {},
  ...extra,
});

/** Where to go after changing someone's roles: away, if you just lost your own admin role. */
function afterChange(auth: AuthContext, trust: UserTrust, userId: string, roles: TrustRole[]) {
  if (userId !== auth.user.id || roles.includes('trust-admin')) return undefined;
  return roles.length === 0 ? '/' : `/trusts/${trust.slug}`;
}

/** The people of a trust and their roles, for its trust admin. */
export async function peopleRoutes(app: FastifyInstance, options: PeopleOptions) {
  listPages(app, options.db);
  invitePages(app, options);
  personPages(app, options);
  removePages(app, options.db);
  resendRoute(app, options);
  return Promise.resolve();
}

function listPages(app: FastifyInstance, db: Database) {
  tablePage<TrustParams>(app, '/trusts/:trust/users', async (request, reply) => {
    const { trust } = requireTrust(request, request.params.trust, ['trust-admin']);
    const people = await db.withTrust(trust.id, listTrustPeople);
    const done = doneKey(request);
    return reply.page('people/views/list.njk', {
      title: 'People',
      breadcrumbs: crumbs(trust, false),
      trust,
      people: peopleTable(trust, people),
      flash: done === undefined ? undefined : FLASH[done],
      mailFailed: done === MAIL_FAILED,
    });
  });
}

function invitePages(app: FastifyInstance, options: PeopleOptions) {
  app.get<TrustParams>('/trusts/:trust/users/invite', async (request, reply) => {
    const { trust } = requireTrust(request, request.params.trust, ['trust-admin']);
    return reply.page('people/views/invite.njk', invitePage(trust));
  });

  app.post<TrustParams>('/trusts/:trust/users/invite', async (request, reply) => {
    const { auth, trust } = requireTrust(request, request.params.trust, ['trust-admin']);
    const body = formBody(request.body);
    const values = { name: body.name, email: body.email, roles: body.roles };
    const parsed = parseWith(inviteSchema, body);
    const result = parsed.ok
      ? await invitePerson(deps(options, request), inviterOf(auth), trust, parsed.data)
      : parsed;
    if (!result.ok)
      return reply
        .code(400)
        .page(
          'people/views/invite.njk',
          invitePage(trust, { values, errors: errorView(result.errors) }),
        );
    const done = !result.mailSent ? MAIL_FAILED : result.created ? 'invited' : 'added';
    return reply.redirect(`${base(trust)}?done=${done}`, 303);
  });
}

function personPages(app: FastifyInstance, options: PeopleOptions) {
  const { db } = options;
  app.get<PersonParams>('/trusts/:trust/users/:userId', async (request, reply) => {
    const { trust } = requireTrust(request, request.params.trust, ['trust-admin']);
    const person = await loadPerson(db, trust, request.params.userId);
    const done = doneKey(request);
    return personPage(reply, trust, person, {
      flash: done === undefined ? undefined : FLASH[done],
      mailFailed: done === MAIL_FAILED,
    });
  });

  app.post<PersonParams>('/trusts/:trust/users/:userId', async (request, reply) => {
    const { auth, trust } = requireTrust(request, request.params.trust, ['trust-admin']);
    const person = await loadPerson(db, trust, request.params.userId);
    const body = formBody(request.body);
    const parsed = parseWith(rolesSchema, body);
    if (!parsed.ok)
      return personPage(reply.code(400), trust, person, {
        values: { roles: body.roles },
        errors: errorView(parsed.errors),
      });
    const { roles } = parsed.data;
    const result = await setPersonRoles(db, inviterOf(auth), trust.id, person.id, roles);
    if (!result.ok) {
      if (result.reason === 'not-found') throw new NotFoundError();
      return personPage(reply.code(400), trust, person, {
        values: { roles },
        errors: errorView([{ field: 'roles', message: LAST_ADMIN_MESSAGE }]),
      });
    }
    const away = afterChange(auth, trust, person.id, roles);
    return reply.redirect(away ?? `${base(trust)}/${person.id}?done=saved`, 303);
  });
}

function removePages(app: FastifyInstance, db: Database) {
  app.get<PersonParams>('/trusts/:trust/users/:userId/remove', async (request, reply) => {
    const { trust } = requireTrust(request, request.params.trust, ['trust-admin']);
    const person = await loadPerson(db, trust, request.params.userId);
    return reply.page('people/views/remove.njk', {
      title: `Remove ${person.name} from ${trust.name}`,
      breadcrumbs: [...crumbs(trust), { text: person.name, href: `${base(trust)}/${person.id}` }],
      trust,
      person,
    });
  });

  app.post<PersonParams>('/trusts/:trust/users/:userId/remove', async (request, reply) => {
    const { auth, trust } = requireTrust(request, request.params.trust, ['trust-admin']);
    const person = await loadPerson(db, trust, request.params.userId);
    const result = await setPersonRoles(db, inviterOf(auth), trust.id, person.id, []);
    if (!result.ok) {
      if (result.reason === 'not-found') throw new NotFoundError();
      return personPage(reply.code(400), trust, person, {
        errors: errorView([{ field: 'roles', message: LAST_ADMIN_MESSAGE }]),
      });
    }
    const away = afterChange(auth, trust, person.id, []);
    return reply.redirect(away ?? `${base(trust)}?done=removed`, 303);
  });
}

function resendRoute(app: FastifyInstance, options: PeopleOptions) {
  const { db } = options;
  app.post<PersonParams>('/trusts/:trust/users/:userId/resend', async (request, reply) => {
    const { auth, trust } = requireTrust(request, request.params.trust, ['trust-admin']);
    const person = await loadPerson(db, trust, request.params.userId);
    const result = await resendInvitation(
      deps(options, request),
      inviterOf(auth),
      trust,
      person.id,
    );
    if (!result.ok) {
      if (result.reason === 'not-found') throw new NotFoundError();
      throw new HttpError(400, NO_INVITATION_MESSAGE);
    }
    const done = result.mailSent ? 'resent' : MAIL_FAILED;
    return reply.redirect(`${base(trust)}/${person.id}?done=${done}`, 303);
  });
}
