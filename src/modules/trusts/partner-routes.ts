import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../db/client.ts';
import { tablePage } from '../../web/table-pages.ts';
import { NotFoundError, type FieldError } from '../../kernel/errors.ts';
import { errorView, formBody, parseWith } from '../../web/forms.ts';
import { listLocalities, listOrganisations } from './repository.ts';
import {
  BULK_ORGANISATIONS_MAX,
  bulkOrganisationsFormSchema,
  localitySchema,
  organisationSchema,
} from './schemas.ts';
import { addOrganisations, type AddedOrganisations } from './bulk-organisations.ts';
import {
  addLocality,
  addOrganisation,
  removeLocality,
  removeOrganisation,
} from './partner-service.ts';
import { loadSectors } from './service.ts';
import { localitiesTable, organisationsTable } from './tables.ts';
import {
  flashFor,
  recordId,
  requireAdmin,
  type AdminContext,
  type TrustIdParams,
  type TrustParams,
} from './web.ts';

const FLASH = {
  'locality-added': 'Locality added',
  'locality-removed': 'Locality removed',
  'organisation-added': 'Organisation added',
  'organisation-removed': 'Organisation removed',
};

interface PageOptions {
  errors?: FieldError[];
  values?: Record<string, unknown>;
  flash?: string | undefined;
}

/** Trust set-up: localities and partner organisations. */
export async function partnerRoutes(app: FastifyInstance, options: { db: Database }) {
  localityPages(app, options.db);
  organisationPages(app, options.db);
  bulkOrganisationPages(app, options.db);
  return Promise.resolve();
}

// ---- Localities ----

const renderLocalities = async (
  db: Database,
  reply: FastifyReply,
  ctx: AdminContext,
  options: PageOptions = {},
) => {
  const localities = await db.withTrust(ctx.trust.id, listLocalities);
  return reply.code(options.errors ? 400 : 200).page('trusts/views/localities.njk', {
    title: 'Localities',
    breadcrumbs: ctx.breadcrumbs,
    base: ctx.base,
    localities: localitiesTable(ctx.base, localities),
    tablesAt: `${ctx.base}/localities`,
    values: options.values ?? {},
    errors: options.errors ? errorView(options.errors) : undefined,
    flash: options.flash,
  });
};

function localityPages(app: FastifyInstance, db: Database) {
  tablePage<TrustParams>(app, '/trusts/:trust/settings/localities', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    return renderLocalities(db, reply, ctx, { flash: flashFor(request, FLASH) });
  });

  app.post<TrustParams>('/trusts/:trust/settings/localities', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const body = formBody(request.body);
    const parsed = parseWith(localitySchema, body);
    const outcome = parsed.ok
      ? await addLocality(db, ctx.trust.id, ctx.actor, parsed.data.name)
      : parsed;
    if (!outcome.ok)
      return renderLocalities(db, reply, ctx, { errors: outcome.errors, values: body });
    return reply.redirect(`${ctx.base}/localities?done=locality-added`, 303);
  });

  app.post<TrustIdParams>(
    '/trusts/:trust/settings/localities/:id/remove',
    async (request, reply) => {
      const ctx = requireAdmin(request, request.params.trust);
      const id = recordId(request.params.id);
      const outcome = await removeLocality(db, ctx.trust.id, ctx.actor, id);
      if (outcome === null) throw new NotFoundError();
      if (!outcome.ok) return renderLocalities(db, reply, ctx, { errors: outcome.errors });
      return reply.redirect(`${ctx.base}/localities?done=locality-removed`, 303);
    },
  );
}

// ---- Organisations ----

const renderOrganisations = async (
  db: Database,
  reply: FastifyReply,
  ctx: AdminContext,
  options: PageOptions = {},
) => {
  const [organisations, sectors] = await Promise.all([
    db.withTrust(ctx.trust.id, listOrganisations),
    loadSectors(db, ctx.trust.id),
  ]);
  return reply.code(options.errors ? 400 : 200).page('trusts/views/organisations.njk', {
    title: 'Partner organisations',
    breadcrumbs: ctx.breadcrumbs,
    base: ctx.base,
    organisations: organisationsTable(ctx.base, organisations),
    tablesAt: `${ctx.base}/organisations`,
    sectorOptions: sectors.map((s) => ({ value: s.key, text: s.name })),
    values: options.values ?? {},
    errors: options.errors ? errorView(options.errors) : undefined,
    flash: options.flash,
  });
};

function organisationPages(app: FastifyInstance, db: Database) {
  tablePage<TrustParams>(app, '/trusts/:trust/settings/organisations', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    return renderOrganisations(db, reply, ctx, { flash: flashFor(request, FLASH) });
  });

  app.post<TrustParams>('/trusts/:trust/settings/organisations', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const body = formBody(request.body);
    const parsed = parseWith(organisationSchema, body);
    const outcome = parsed.ok
      ? await addOrganisation(db, ctx.trust.id, ctx.actor, parsed.data)
      : parsed;
    if (!outcome.ok)
      return renderOrganisations(db, reply, ctx, { errors: outcome.errors, values: body });
    return reply.redirect(`${ctx.base}/organisations?done=organisation-added`, 303);
  });

  app.post<TrustIdParams>(
    '/trusts/:trust/settings/organisations/:id/remove',
    async (request, reply) => {
      const ctx = requireAdmin(request, request.params.trust);
      const id = recordId(request.params.id);
      const outcome = await removeOrganisation(db, ctx.trust.id, ctx.actor, id);
      if (outcome === null) throw new NotFoundError();
      if (!outcome.ok) return renderOrganisations(db, reply, ctx, { errors: outcome.errors });
      return reply.redirect(`${ctx.base}/organisations?done=organisation-removed`, 303);
    },
  );
}

// ---- Many organisations at once ----

const renderBulk = async (
  db: Database,
  reply: FastifyReply,
  ctx: AdminContext,
  options: PageOptions & { added?: AddedOrganisations } = {},
) => {
  const sectors = await loadSectors(db, ctx.trust.id);
  const added = options.added;
  return reply.code(options.errors ? 400 : 200).page('trusts/views/organisations-bulk.njk', {
    title: added ? 'Organisations added' : 'Add several organisations',
    breadcrumbs: [
      ...ctx.breadcrumbs,
      { text: 'Partner organisations', href: `${ctx.base}/organisations` },
    ],
    base: ctx.base,
    max: BULK_ORGANISATIONS_MAX,
    sectorOptions: sectors.map((s) => ({ value: s.key, text: s.name })),
    added,
    values: options.values ?? {},
    errors: options.errors ? errorView(options.errors) : undefined,
  });
};

function bulkOrganisationPages(app: FastifyInstance, db: Database) {
  const url = '/trusts/:trust/settings/organisations/bulk';
  app.get<TrustParams>(url, async (request, reply) =>
    renderBulk(db, reply, requireAdmin(request, request.params.trust)),
  );

  app.post<TrustParams>(url, async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const body = formBody(request.body);
    const parsed = parseWith(bulkOrganisationsFormSchema, body);
    const outcome = parsed.ok
      ? await addOrganisations(db, ctx.trust.id, ctx.actor, {
          lines: parsed.data.names.split(/\r?\n/),
          sector: parsed.data.sector,
        })
      : parsed;
    if (!outcome.ok) return renderBulk(db, reply, ctx, { errors: outcome.errors, values: body });
    return renderBulk(db, reply, ctx, { added: outcome.value });
  });
}
