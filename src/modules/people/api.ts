import { z } from 'zod';
import { defineApiRoute } from '../../web/api-route.ts';
import { TRUST_ROLES } from '../../kernel/roles.ts';
import { listTrustPeople } from './repository.ts';

const personSchema = z.object({
  id: z.uuid().describe("The person's id"),
  name: z.string().describe('Full name'),
  email: z.string().describe('Email address they sign in with'),
  roles: z.array(z.enum(TRUST_ROLES)).describe('Their roles in this trust'),
  invited: z.boolean().describe('True while they have not yet created a password'),
});

function peopleRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/users',
    summary: 'List the people with a role in the trust',
    description: 'Everyone with at least one role in the trust, by name. Trust admin tokens only.',
    tag: 'People',
    roles: ['trust-admin'],
    params: z.object({ trust: z.string().describe('The trust slug, e.g. "demo"') }),
    response: z.array(personSchema),
    handler: (ctx) => ctx.inTrust(listTrustPeople),
  });
}

/** The people operations of the API. */
export function peopleApi() {
  return [peopleRoute()];
}
