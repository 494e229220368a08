import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import type { Mailer } from '../../mail.ts';
import { tablePage } from '../../web/table-pages.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { errorView, formBody } from '../../web/forms.ts';
import { requireGlobalRole } from '../../web/session.ts';
import type { Actor } from '../../kernel/audit.ts';
import { listVersions, publishFrameworkVersion } from '../framework/index.ts';
import { listTrustsWithPeople } from './repository.ts';
import { createTrustAndTell, parseNewTrust } from './service.ts';
import { adminVersionsTable, trustsTable } from './tables.ts';

const FLASH: Record<string, string> = {
  created: 'Trust created',
  invited: 'Trust created. We have emailed the first trust admin a link to create their password.',
  notified:
    'Trust created. We have emailed the first trust admin to tell them about their new role.',
  'mail-failed':
    'Trust created, but the email to the first trust admin could not be sent. Ask them to use "Forgot your password?" on the sign-in page.',
  published: 'Framework version published. Every trust can now use it.',
  'already-published': 'That framework version was already published.',
};

const flashOf = (request: FastifyRequest) => {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' ? FLASH[done] : undefined;
};

const CRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'System admin', href: '/admin' },
];

/** System admin pages: trusts and framework versions. Everyone else gets 403. */
export interface AdminOptions {
  db: Database;
  mailer: Mailer;
  baseUrl: string;
}

const requireAdmin = (request: FastifyRequest): Actor => {
  const auth = requireGlobalRole(request, 'system-admin');
  return { userId: auth.user.id, label: auth.user.email };
};

export async function adminRoutes(app: FastifyInstance, options: AdminOptions) {
  app.get('/admin', async (request, reply) => {
    requireAdmin(request);
    return reply.page('admin/views/index.njk', {
      title: 'System admin',
      breadcrumbs: [{ text: 'Home', href: '/' }],
    });
  });
  trustPages(app, options.db);
  newTrustPages(app, options);
  frameworkPages(app, options.db);
  return Promise.resolve();
}

function trustPages(app: FastifyInstance, db: Database) {
  tablePage(app, '/admin/trusts', async (request, reply) => {
    requireAdmin(request);
    const trusts = await db.asSystem(listTrustsWithPeople);
    return reply.page('admin/views/trusts.njk', {
      title: 'Trusts',
      breadcrumbs: CRUMBS,
      trusts: trustsTable(trusts),
      flash: flashOf(request),
    });
  });
}

const newTrustPage = {
  title: 'Create a trust',
  breadcrumbs: [...CRUMBS, { text: 'Trusts', href: '/admin/trusts' }],
};

function newTrustPages(app: FastifyInstance, options: AdminOptions) {
  app.get('/admin/trusts/new', async (request, reply) => {
    requireAdmin(request);
    return reply.page('admin/views/new-trust.njk', { ...newTrustPage, values: {} });
  });

  app.post('/admin/trusts/new', async (request, reply) => {
    const actor = requireAdmin(request);
    const body = formBody(request.body);
    const parsed = parseNewTrust(body);
    const result = parsed.ok
      ? await createTrustAndTell({ ...options, log: request.log }, actor, parsed.data)
      : { ok: false as const, errors: parsed.errors };
    if (!result.ok)
      return reply.code(400).page('admin/views/new-trust.njk', {
        ...newTrustPage,
        values: body,
        errors: errorView(result.errors),
      });
    const done = result.firstAdmin === 'none' ? 'created' : result.firstAdmin;
    return reply.redirect(`/admin/trusts?done=${done}`, 303);
  });
}

function frameworkPages(app: FastifyInstance, db: Database) {
  tablePage(app, '/admin/framework', async (request, reply) => {
    requireAdmin(request);
    const versions = await db.asSystem(listVersions);
    return reply.page('admin/views/framework.njk', {
      title: 'Framework versions',
      breadcrumbs: CRUMBS,
      versions: adminVersionsTable(versions.reverse()),
      flash: flashOf(request),
    });
  });

  app.post<{ Params: { version: string } }>(
    '/admin/framework/:version/publish',
    async (request, reply) => {
      const actor = requireAdmin(request);
      const { outcome } = await publishFrameworkVersion(db, actor, request.params.version);
      if (outcome === 'missing') throw new NotFoundError();
      return reply.redirect(
        `/admin/framework?done=${outcome === 'published' ? 'published' : 'already-published'}`,
        303,
      );
    },
  );
}
