import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import {
  noContent,
  removed,
  sectorSchema,
  TAG,
  toSector,
  trustParams,
  unwrap,
  WRITE,
} from './api-shared.ts';
import { setHeadcount } from './headcount.ts';
import {
  customSectorSchema,
  headcountValueSchema,
  NATIONAL_KEYS,
  nationalSectorsSchema,
} from './schemas.ts';
import {
  addCustomSector,
  chooseNationalSectors,
  loadSectors,
  removeCustomSector,
} from './service.ts';

// A trust's sectors in the JSON API: the national sectors it works with, its own sectors,
// and one sector's headcount (all of them at once: api-headcount.ts).

const sectorParams = trustParams.extend({ sector: z.string().describe('The sector key') });

const sectorsExample = [
  { key: 'schools', name: 'Schools', nationalKey: 'schools', custom: false, headcount: 900 },
  { key: 'health', name: 'Health', nationalKey: 'health', custom: false, headcount: null },
  { key: 'camhs', name: 'Mental health', nationalKey: 'health', custom: true, headcount: 120 },
];

function sectorsRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/sectors',
    summary: "The trust's sectors with headcount",
    description: 'National sectors first, in the national order, then the trust’s own sectors.',
    tag: TAG,
    params: trustParams,
    response: z.array(sectorSchema),
    example: { response: sectorsExample },
    handler: async (ctx) => (await loadSectors(s.db, apiTrust(ctx).id)).map(toSector),
  });
}

function chooseSectorsRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'PUT',
    url: '/api/v1/trusts/:trust/sectors',
    summary: 'Chooses the national sectors the trust works with',
    description:
      "As Trust set-up → Sectors: the list is every national sector the trust works with; sectors left out are removed. A sector that still has organisations cannot be left out (400, saying which). The trust's own sectors are not touched. Answers every sector of the trust.",
    tag: TAG,
    roles: WRITE,
    params: trustParams,
    body: nationalSectorsSchema.extend({
      sectors: nationalSectorsSchema.shape.sectors.describe(
        `Keys of national sectors, at least one, of: ${NATIONAL_KEYS.join(', ')}`,
      ),
    }),
    response: z.array(sectorSchema),
    example: { request: { sectors: ['schools', 'health'] }, response: sectorsExample },
    handler: async (ctx) => {
      const trust = apiTrust(ctx);
      unwrap(await chooseNationalSectors(s.db, trust.id, apiActor(ctx), ctx.body.sectors));
      return (await loadSectors(s.db, trust.id)).map(toSector);
    },
  });
}

function addSectorRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/sectors',
    summary: 'Adds a sector of the trust’s own',
    description:
      'As Trust set-up → Sectors → Add your own sector. Its key is made from its name. A name of a national sector is refused: choose that national sector instead.',
    tag: TAG,
    roles: WRITE,
    params: trustParams,
    body: customSectorSchema,
    response: sectorSchema,
    status: 201,
    example: {
      request: { name: 'Mental health', nationalKey: 'health' },
      response: {
        key: 'mental-health',
        name: 'Mental health',
        nationalKey: 'health',
        custom: true,
        headcount: null,
      },
    },
    handler: async (ctx) =>
      toSector(unwrap(await addCustomSector(s.db, apiTrust(ctx).id, apiActor(ctx), ctx.body))),
  });
}

function removeSectorRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'DELETE',
    url: '/api/v1/trusts/:trust/sectors/:sector',
    summary: 'Removes a sector of the trust’s own',
    description:
      'Only the trust’s own sectors are removed this way (a national sector is left out with PUT /sectors; its key answers 404). A sector that has organisations is refused with 409, naming them.',
    tag: TAG,
    roles: WRITE,
    params: sectorParams,
    response: noContent,
    status: 204,
    example: { response: null },
    handler: async (ctx) =>
      removed(
        await removeCustomSector(s.db, apiTrust(ctx).id, apiActor(ctx), { key: ctx.params.sector }),
      ),
  });
}

function headcountRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'PUT',
    url: '/api/v1/trusts/:trust/sectors/:sector/headcount',
    summary: "Sets a sector's headcount",
    tag: TAG,
    roles: WRITE,
    params: sectorParams,
    body: z.object({ headcount: headcountValueSchema }),
    response: sectorSchema,
    example: {
      request: { headcount: 120 },
      response: {
        key: 'camhs',
        name: 'Mental health',
        nationalKey: 'health',
        custom: true,
        headcount: 120,
      },
    },
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

/** The sector operations, in the order of the OpenAPI document. */
export function sectorsApi(s: { db: Database }) {
  return [
    sectorsRoute(s),
    chooseSectorsRoute(s),
    addSectorRoute(s),
    removeSectorRoute(s),
    headcountRoute(s),
  ];
}
