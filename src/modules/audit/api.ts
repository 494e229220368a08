import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { allEntries } from './service.ts';

// A trust's audit log in the JSON API, for trust admin tokens: the entries of the Audit log
// page and its CSV, newest first.

const entryOut = z.object({
  id: z.number().int().describe('The entry number: a later entry has a higher one'),
  at: z.iso.datetime().describe('When the change was made'),
  actor: z.string().describe('Who made it: a person’s email, "API token: <name>" or "operator"'),
  actorName: z.string().nullable().describe("The person's name, when a person made it"),
  action: z.string().describe('What was done, e.g. "changed headcount"'),
  entity: z.string().describe('What kind of thing it changed, e.g. sector, user, api_token'),
  entityId: z.string().nullable().describe('Which one, when it is one thing'),
  person: z
    .string()
    .nullable()
    .describe('The email of the person it is about (a role, an invitation)'),
  details: z.record(z.string(), z.unknown()).describe('What changed, e.g. from and to'),
});

function auditRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/audit',
    summary: "The trust's audit log",
    description:
      'Every change made in the trust, newest first: by people on the pages, by API tokens and by the operator command.',
    tag: 'Audit',
    roles: ['trust-admin'],
    params: z.object({ trust: z.string().describe('The trust slug') }),
    response: z.array(entryOut),
    example: {
      response: [
        {
          id: 412,
          at: '2026-03-09T10:42:17.000Z',
          actor: 'API token: HR system',
          actorName: null,
          action: 'changed headcount',
          entity: 'sector',
          entityId: null,
          person: null,
          details: { schools: { from: 850, to: 900 } },
        },
      ],
    },
    handler: async (ctx) => {
      const { rows, emails } = await allEntries(s.db, apiTrust(ctx).id);
      return rows.map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        actor: row.actor,
        actorName: row.userName,
        action: row.action,
        entity: row.entity,
        entityId: row.entityId,
        person: row.entityId === null ? null : (emails.get(row.entityId) ?? null),
        details:
          row.details !== null && typeof row.details === 'object' && !Array.isArray(row.details)
            ? (row.details as Record<string, unknown>)
            : {},
      }));
    },
  });
}

/** The audit log's operations. */
export function auditApi(s: { db: Database }) {
  return [auditRoute(s)];
}
