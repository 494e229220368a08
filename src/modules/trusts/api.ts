import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { listLocalities, listOrganisations } from './repository.ts';
import {
  bulkOrganisationsApiSchema,
  headcountValueSchema,
  localitySchema,
  organisationSchema,
} from './schemas.ts';
import { addOrganisations } from './bulk-organisations.ts';
import type { Outcome } from '../../kernel/outcome.ts';
import { addLocality, addOrganisation } from './partner-service.ts';
import { loadSectors, loadTrust, setHeadcount } from './service.ts';

// Trust set-up in the JSON API. Any token of the trust may read; changes need a trust
// admin token. Each change is audited with the token's name as the actor.

const TAG = 'Trust set-up';
const WRITE = ['trust-admin'] as const;

const trustParams = z.object({ trust: z.string().describe('The trust slug') });

const trustSchema = z.object({
  slug: z.string(),
  name: z.string(),
  region: z.string().nullable(),
});

const sectorSchema = z.object({
  key: z.string().describe('Stable key of the sector within the trust'),
  name: z.string(),
  nationalKey: z.string().describe('The national sector it counts as'),
  custom: z.boolean().describe("True for the trust's own sectors"),
  headcount: z
    .number()
    .int()
    .nullable()
    .describe('People in the sector who work with children; null if not known'),
});

const localityOut = z.object({ id: z.uuid(), name: z.string() });

const organisationOut = z.object({
  id: z.uuid(),
  name: z.string(),
  sector: z.string().describe("Key of the organisation's sector"),
  sectorName: z.string(),
});

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new ValidationError(outcome.errors);
  return outcome.value;
}

const toSector = (s: z.input<typeof sectorSchema>) => ({
  key: s.key,
  name: s.name,
  nationalKey: s.nationalKey,
  custom: s.custom,
  headcount: s.headcount,
});

function trustRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust',
    summary: "The trust's details",
    tag: TAG,
    params: trustParams,
    response: trustSchema,
    handler: async (ctx) => {
      const trust = await loadTrust(s.db, apiTrust(ctx).id);
      return { slug: trust.slug, name: trust.name, region: trust.region };
    },
  });
}

function sectorsRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/sectors',
    summary: "The trust's sectors with headcount",
    description: 'National sectors first, in the national order, then the trust’s own sectors.',
    tag: TAG,
    params: trustParams,
    response: z.array(sectorSchema),
    handler: async (ctx) => (await loadSectors(s.db, apiTrust(ctx).id)).map(toSector),
  });
}

function headcountRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'PUT',
    url: '/api/v1/trusts/:trust/sectors/:sector/headcount',
    summary: "Sets a sector's headcount",
    tag: TAG,
    roles: WRITE,
    params: trustParams.extend({ sector: z.string().describe('The sector key') }),
    body: z.object({ headcount: headcountValueSchema }),
    response: sectorSchema,
    handler: async (ctx) => {
      const sector = await setHeadcount(
        s.db,
        apiTrust(ctx).id,
        apiActor(ctx),
        ctx.params.sector,
        ctx.body.headcount,
      );
      if (sector === null) throw new NotFoundError();
      return toSector(sector);
    },
  });
}

function localitiesRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/localities',
    summary: "The trust's localities",
    tag: TAG,
    params: trustParams,
    response: z.array(localityOut),
    handler: (ctx) => ctx.inTrust(listLocalities),
  });
}

function addLocalityRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/localities',
    summary: 'Adds a locality',
    tag: TAG,
    roles: WRITE,
    params: trustParams,
    body: localitySchema,
    response: localityOut,
    status: 201,
    handler: async (ctx) =>
      unwrap(await addLocality(s.db, apiTrust(ctx).id, apiActor(ctx), ctx.body.name)),
  });
}

function organisationsRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/organisations',
    summary: "The trust's partner organisations",
    tag: TAG,
    params: trustParams,
    response: z.array(organisationOut),
    handler: async (ctx) =>
      (await ctx.inTrust(listOrganisations)).map((o) => ({
        id: o.id,
        name: o.name,
        sector: o.sectorKey,
        sectorName: o.sectorName,
      })),
  });
}

function addOrganisationRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/organisations',
    summary: 'Adds a partner organisation',
    tag: TAG,
    roles: WRITE,
    params: trustParams,
    body: organisationSchema,
    response: organisationOut,
    status: 201,
    handler: async (ctx) => {
      const o = unwrap(await addOrganisation(s.db, apiTrust(ctx).id, apiActor(ctx), ctx.body));
      return { id: o.id, name: o.name, sector: o.sectorKey, sectorName: o.sectorName };
    },
  });
}

function addOrganisationsRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/organisations/bulk',
    summary: 'Adds many partner organisations to one sector',
    description:
      'All or nothing: if any name is too long, repeats another on the list or is already an organisation of the trust (ignoring case), nothing is added and the errors say which lines (counting names from 1).',
    tag: TAG,
    roles: WRITE,
    params: trustParams,
    body: bulkOrganisationsApiSchema,
    response: z.array(organisationOut).describe('The organisations added, in the order given'),
    status: 201,
    handler: async (ctx) => {
      const added = unwrap(
        await addOrganisations(s.db, apiTrust(ctx).id, apiActor(ctx), {
          lines: ctx.body.names,
          sector: ctx.body.sector,
        }),
      );
      return added.organisations.map((o) => ({
        id: o.id,
        name: o.name,
        sector: added.sector.key,
        sectorName: added.sector.name,
      }));
    },
  });
}

/** The trust set-up operations of the API, in the order of the OpenAPI document. */
export function trustsApi(s: { db: Database }) {
  return [
    trustRoute(s),
    sectorsRoute(s),
    headcountRoute(s),
    localitiesRoute(),
    addLocalityRoute(s),
    organisationsRoute(),
    addOrganisationRoute(s),
    addOrganisationsRoute(s),
  ];
}
