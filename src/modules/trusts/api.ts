import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { headcountApi } from './api-headcount.ts';
import { partnersApi } from './api-partners.ts';
import { sectorsApi } from './api-sectors.ts';
import { TAG, trustParams, unwrap, WRITE } from './api-shared.ts';
import {
  contactValueSchema,
  loadSafeguardingContact,
  SAFEGUARDING_CONTACT_LIMIT,
  saveSafeguardingContact,
} from './safeguarding-contact.ts';
import { detailsSchema, REGIONS } from './schemas.ts';
import { editDetails, loadTrust } from './service.ts';

// Trust set-up in the JSON API. Any token of the trust may read; changes need a trust
// admin token. Each change is audited with the token's name as the actor, by the same rule
// the page calls. Sectors, headcount and partners are in api-sectors, api-headcount and
// api-partners.

const trustSchema = z.object({
  slug: z.string(),
  name: z.string(),
  region: z.string().nullable(),
});

const trustExample = { slug: 'riverside', name: 'Riverside Partnership', region: 'North West' };

function trustRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust',
    summary: "The trust's details",
    tag: TAG,
    params: trustParams,
    response: trustSchema,
    example: { response: trustExample },
    handler: async (ctx) => {
      const trust = await loadTrust(s.db, apiTrust(ctx).id);
      return { slug: trust.slug, name: trust.name, region: trust.region };
    },
  });
}

function editTrustRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'PUT',
    url: '/api/v1/trusts/:trust',
    summary: "Changes the trust's name and region",
    description:
      'As Trust set-up → Trust details. The slug never changes. A region stored before outside the list may be kept.',
    tag: TAG,
    roles: WRITE,
    params: trustParams,
    body: z.object({
      name: detailsSchema(null).shape.name,
      region: z
        .string({ error: 'Select a region from the list' })
        .max(80, 'Region must be 80 characters or fewer')
        .nullable()
        .optional()
        .describe(`One of: ${REGIONS.join(', ')}; null or left out for none`),
    }),
    response: trustSchema,
    example: {
      request: { name: 'Riverside Partnership', region: 'North West' },
      response: trustExample,
    },
    handler: async (ctx) => {
      const input = { name: ctx.body.name, region: ctx.body.region ?? '' };
      const trust = unwrap(await editDetails(s.db, apiTrust(ctx).id, apiActor(ctx), input));
      return { slug: trust.slug, name: trust.name, region: trust.region };
    },
  });
}

const contactOut = z.object({
  contact: z
    .string()
    .nullable()
    .describe(
      "Who a child, young person or family worried about their safety can contact at the trust, shown beside Childline on children's and families' questionnaires; null when not set",
    ),
});

const contactExample = {
  contact: 'Riverside children’s services front door: 0161 496 0000 (9am to 5pm)',
};

function contactRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/safeguarding-contact',
    summary: "The trust's safeguarding contact for respondents",
    tag: TAG,
    params: trustParams,
    response: contactOut,
    example: { response: contactExample },
    handler: async (ctx) => ({ contact: await loadSafeguardingContact(s.db, apiTrust(ctx).id) }),
  });
}

function setContactRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'PUT',
    url: '/api/v1/trusts/:trust/safeguarding-contact',
    summary: "Sets or clears the trust's safeguarding contact",
    description: `As Trust set-up → Safeguarding contact. At most ${SAFEGUARDING_CONTACT_LIMIT} characters; line breaks are kept. An empty text or null clears it.`,
    tag: TAG,
    roles: WRITE,
    params: trustParams,
    body: z.object({
      contact: contactValueSchema.nullable().describe('The contact; null or empty to clear it'),
    }),
    response: contactOut,
    example: { request: contactExample, response: contactExample },
    handler: async (ctx) => {
      const trustId = apiTrust(ctx).id;
      return {
        contact: await saveSafeguardingContact(s.db, trustId, apiActor(ctx), ctx.body.contact),
      };
    },
  });
}

/** The trust set-up operations of the API, in the order of the OpenAPI document. */
export function trustsApi(s: { db: Database }) {
  return [
    trustRoute(s),
    editTrustRoute(s),
    contactRoute(s),
    setContactRoute(s),
    ...sectorsApi(s),
    ...headcountApi(s),
    ...partnersApi(s),
  ];
}
