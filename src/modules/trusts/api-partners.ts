import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { noContent, removed, TAG, trustParams, unwrap, WRITE } from './api-shared.ts';
import { addOrganisations } from './bulk-organisations.ts';
import {
  addLocality,
  addOrganisation,
  removeLocality,
  removeOrganisation,
} from './partner-service.ts';
import { listLocalities, listOrganisations } from './repository.ts';
import { bulkOrganisationsApiSchema, localitySchema, organisationSchema } from './schemas.ts';

// A trust's localities and partner organisations in the JSON API.

const localityOut = z.object({ id: z.uuid(), name: z.string() });

const organisationOut = z.object({
  id: z.uuid(),
  name: z.string(),
  sector: z.string().describe("Key of the organisation's sector"),
  sectorName: z.string(),
});

const northgate = { id: '0b7e4f2a-5c1d-4e8b-9f3a-2d6c8e1b4a70', name: 'Northgate' };
const riverside = {
  id: '4c2d9e71-8a3b-4f5c-b6d2-7e9f1a3c5b80',
  name: 'Riverside CAMHS',
  sector: 'camhs',
  sectorName: 'Mental health',
};

function localitiesRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/localities',
    summary: "The trust's localities",
    tag: TAG,
    params: trustParams,
    response: z.array(localityOut),
    example: { response: [northgate] },
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
    example: { request: { name: 'Northgate' }, response: northgate },
    handler: async (ctx) =>
      unwrap(await addLocality(s.db, apiTrust(ctx).id, apiActor(ctx), ctx.body.name)),
  });
}

function removeLocalityRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'DELETE',
    url: '/api/v1/trusts/:trust/localities/:locality',
    summary: 'Removes a locality',
    description:
      'As Trust set-up → Localities → Remove. A locality other records use is refused with 409.',
    tag: TAG,
    roles: WRITE,
    params: trustParams.extend({ locality: z.uuid().describe('The locality id') }),
    response: noContent,
    status: 204,
    example: { response: null },
    handler: async (ctx) =>
      removed(await removeLocality(s.db, apiTrust(ctx).id, apiActor(ctx), ctx.params.locality)),
  });
}

const toOrganisation = (o: {
  id: string;
  name: string;
  sectorKey: string;
  sectorName: string;
}) => ({
  id: o.id,
  name: o.name,
  sector: o.sectorKey,
  sectorName: o.sectorName,
});

function organisationsRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/organisations',
    summary: "The trust's partner organisations",
    tag: TAG,
    params: trustParams,
    response: z.array(organisationOut),
    example: { response: [riverside] },
    handler: async (ctx) => (await ctx.inTrust(listOrganisations)).map(toOrganisation),
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
    example: { request: { name: 'Riverside CAMHS', sector: 'camhs' }, response: riverside },
    handler: async (ctx) =>
      toOrganisation(
        unwrap(await addOrganisation(s.db, apiTrust(ctx).id, apiActor(ctx), ctx.body)),
      ),
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
    example: {
      request: { names: ['Riverside CAMHS', 'Eastbrook Surgery'], sector: 'camhs' },
      response: [
        riverside,
        { ...riverside, id: '9a1b3c5d-7e9f-4a2b-8c4d-6e8f0a2b4c61', name: 'Eastbrook Surgery' },
      ],
    },
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

function removeOrganisationRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'DELETE',
    url: '/api/v1/trusts/:trust/organisations/:organisation',
    summary: 'Removes a partner organisation',
    description:
      'As Trust set-up → Partner organisations → Remove. An organisation other records use is refused with 409.',
    tag: TAG,
    roles: WRITE,
    params: trustParams.extend({ organisation: z.uuid().describe('The organisation id') }),
    response: noContent,
    status: 204,
    example: { response: null },
    handler: async (ctx) =>
      removed(
        await removeOrganisation(s.db, apiTrust(ctx).id, apiActor(ctx), ctx.params.organisation),
      ),
  });
}

/** Localities and partner organisations, in the order of the OpenAPI document. */
export function partnersApi(s: { db: Database }) {
  return [
    localitiesRoute(),
    addLocalityRoute(s),
    removeLocalityRoute(s),
    organisationsRoute(),
    addOrganisationRoute(s),
    addOrganisationsRoute(s),
    removeOrganisationRoute(s),
  ];
}
