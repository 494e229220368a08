import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../db/client.ts';
import { toCsv } from '../../web/csv.ts';
import { tablePage } from '../../web/table-pages.ts';
import { NotFoundError, type FieldError } from '../../kernel/errors.ts';
import { asArray, errorView, formBody, parseWith } from '../../web/forms.ts';
import { NATIONAL_SECTORS } from '../../kernel/framework.ts';
import { partnerRoutes } from './partner-routes.ts';
import { loadSafeguardingContact, safeguardingContactPages } from './safeguarding-contact.ts';
import { settingsCounts } from './repository.ts';
import { headcountPages } from './headcount-routes.ts';
import { customSectorSchema, nationalSectorsSchema, REGIONS } from './schemas.ts';
import { customSectorsTable } from './tables.ts';
import {
  addCustomSector,
  chooseNationalSectors,
  editDetails,
  loadSectors,
  loadTrust,
  nationalSectorName,
  removeCustomSector,
} from './service.ts';
import {
  flashFor,
  recordId,
  requireAdmin,
  sendCsv,
  type AdminContext,
  type TrustIdParams,
  type TrustParams,
} from './web.ts';

const FLASH = {
  details: 'Trust details saved',
  sectors: 'Sectors saved',
  'sector-added': 'Sector added',
  'sector-removed': 'Sector removed',
  'safeguarding-contact': 'Safeguarding contact saved',
};

/** Trust set-up for the trust admin: details and sectors (headcount and partners: see their files). */
export async function trustRoutes(app: FastifyInstance, options: { db: Database }) {
  const { db } = options;
  overviewPage(app, db);
  detailsPages(app, db);
  sectorPages(app, db);
  headcountPages(app, db);
  safeguardingContactPages(app, db);
  await app.register(partnerRoutes, options);
}

function overviewPage(app: FastifyInstance, db: Database) {
  app.get<TrustParams>('/trusts/:trust/settings', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const [details, counts, safeguardingContact] = await Promise.all([
      loadTrust(db, ctx.trust.id),
      db.withTrust(ctx.trust.id, settingsCounts),
      loadSafeguardingContact(db, ctx.trust.id),
    ]);
    return reply.page('trusts/views/overview.njk', {
      title: 'Trust set-up',
      breadcrumbs: ctx.breadcrumbs.slice(0, 1),
      base: ctx.base,
      trust: ctx.trust,
      details,
      counts,
      safeguardingContact,
      flash: flashFor(request, FLASH),
    });
  });
}

// ---- Details ----

const renderDetails = (
  reply: FastifyReply,
  ctx: AdminContext,
  details: { slug: string; region: string | null },
  values: Record<string, unknown>,
  errors?: FieldError[],
) => {
  const regions: string[] = [...REGIONS];
  if (details.region !== null && !regions.includes(details.region)) regions.push(details.region);
  return reply.code(errors ? 400 : 200).page('trusts/views/details.njk', {
    title: 'Trust details',
    breadcrumbs: ctx.breadcrumbs,
    base: ctx.base,
    slug: details.slug,
    regions,
    values,
    errors: errors ? errorView(errors) : undefined,
  });
};

function detailsPages(app: FastifyInstance, db: Database) {
  app.get<TrustParams>('/trusts/:trust/settings/details', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const details = await loadTrust(db, ctx.trust.id);
    return renderDetails(reply, ctx, details, { name: details.name, region: details.region ?? '' });
  });

  app.post<TrustParams>('/trusts/:trust/settings/details', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const body = formBody(request.body);
    const outcome = await editDetails(db, ctx.trust.id, ctx.actor, body);
    if (!outcome.ok)
      return renderDetails(reply, ctx, await loadTrust(db, ctx.trust.id), body, outcome.errors);
    return reply.redirect(`${ctx.base}?done=details`, 303);
  });
}

// ---- Sectors ----

const renderSectors = async (
  db: Database,
  reply: FastifyReply,
  ctx: AdminContext,
  options: {
    errors?: FieldError[];
    ticked?: string[];
    values?: Record<string, unknown>;
    flash?: string | undefined;
  } = {},
) => {
  const sectors = await loadSectors(db, ctx.trust.id);
  const byKey = new Map(sectors.filter((s) => !s.custom).map((s) => [s.key, s]));
  const ticked = new Set(options.ticked ?? byKey.keys());
  const national = NATIONAL_SECTORS.map((n) => {
    const orgs = byKey.get(n.key)?.organisations ?? 0;
    return {
      value: n.key,
      text: n.name,
      hint: {
        text:
          orgs === 0
            ? n.description
            : `${n.description} (${orgs} ${orgs === 1 ? 'organisation' : 'organisations'})`,
      },
      checked: ticked.has(n.key),
    };
  });
  const custom = sectors
    .filter((s) => s.custom)
    .map((s) => ({ ...s, nationalName: nationalSectorName(s.nationalKey) }));
  return reply.code(options.errors ? 400 : 200).page('trusts/views/sectors.njk', {
    title: 'Sectors',
    breadcrumbs: ctx.breadcrumbs,
    base: ctx.base,
    national,
    custom: customSectorsTable(ctx.base, custom),
    tablesAt: `${ctx.base}/sectors/custom`,
    nationalOptions: NATIONAL_SECTORS.map((n) => ({ value: n.key, text: n.name })),
    values: options.values ?? {},
    errors: options.errors ? errorView(options.errors) : undefined,
    flash: options.flash,
  });
};

function sectorPages(app: FastifyInstance, db: Database) {
  // Downloads of the page's table are at sectors/custom: sectors.csv holds every sector.
  tablePage<TrustParams>(
    app,
    '/trusts/:trust/settings/sectors',
    async (request, reply) => {
      const ctx = requireAdmin(request, request.params.trust);
      return renderSectors(db, reply, ctx, { flash: flashFor(request, FLASH) });
    },
    { at: '/trusts/:trust/settings/sectors/custom' },
  );

  app.post<TrustParams>('/trusts/:trust/settings/sectors', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const ticked = asArray(formBody(request.body).sectors);
    const parsed = parseWith(nationalSectorsSchema, { sectors: ticked });
    const outcome = parsed.ok
      ? await chooseNationalSectors(db, ctx.trust.id, ctx.actor, parsed.data.sectors)
      : {
          ok: false as const,
          errors: [{ field: 'sectors', message: 'Select sectors from the list' }],
        };
    if (!outcome.ok) return renderSectors(db, reply, ctx, { errors: outcome.errors, ticked });
    return reply.redirect(`${ctx.base}/sectors?done=sectors`, 303);
  });

  app.post<TrustParams>('/trusts/:trust/settings/sectors/custom', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const body = formBody(request.body);
    const parsed = parseWith(customSectorSchema, body);
    const outcome = parsed.ok
      ? await addCustomSector(db, ctx.trust.id, ctx.actor, parsed.data)
      : parsed;
    if (!outcome.ok) return renderSectors(db, reply, ctx, { errors: outcome.errors, values: body });
    return reply.redirect(`${ctx.base}/sectors?done=sector-added`, 303);
  });

  app.post<TrustIdParams>('/trusts/:trust/settings/sectors/:id/remove', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const outcome = await removeCustomSector(db, ctx.trust.id, ctx.actor, {
      id: recordId(request.params.id),
    });
    if (outcome === null) throw new NotFoundError();
    if (!outcome.ok) return renderSectors(db, reply, ctx, { errors: outcome.errors });
    return reply.redirect(`${ctx.base}/sectors?done=sector-removed`, 303);
  });

  app.get<TrustParams>('/trusts/:trust/settings/sectors.csv', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const sectors = await loadSectors(db, ctx.trust.id);
    const csv = toCsv(
      ['key', 'name', 'national key', 'own sector', 'headcount'],
      sectors.map((s) => [s.key, s.name, s.nationalKey, s.custom ? 'yes' : 'no', s.headcount]),
    );
    return sendCsv(reply, `${ctx.trust.slug}-sectors.csv`, csv);
  });
}
