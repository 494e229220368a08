import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { recordId } from '../../web/http.ts';
import { apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { importLog, importLogs } from './import-logs.ts';

// The log of a round's imports in the JSON API: each import's counts, as the page after an
// import shows them. A trust admin's token, as the import pages.

const roundParams = z.object({
  trust: z.string().describe('The trust slug'),
  round: z.string().describe('The round id (a UUID)'),
});

const logOut = z.object({
  id: z.number().int().describe('The import, as POST …/responses/import answers it'),
  at: z.string().describe('When it was stored (UTC, ISO 8601)'),
  by: z.string().describe('Who imported: an email address, or "API token: <name>"'),
  via: z.enum(['web', 'api']).nullable().describe('The import page or the API'),
  responses: z.number().int().describe('People whose answers were added'),
  answers: z.number().int().describe('Answers added'),
  skipped: z.number().int().describe('People already imported into the round, so skipped'),
  rows: z.number().int().describe('Lines of answers in the file'),
});

export const LOG_EXAMPLE = {
  id: 4182,
  at: '2026-03-02T10:15:42.118Z',
  by: 'API token: paper questionnaires',
  via: 'api' as const,
  responses: 38,
  answers: 1102,
  skipped: 0,
  rows: 1102,
};

function importsRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/imports',
    summary: "The round's imports of answers, newest first",
    description: 'Counts only: an import records nobody who answered.',
    tag: 'Responses',
    roles: ['trust-admin'],
    params: roundParams,
    response: z.array(logOut),
    example: { response: [LOG_EXAMPLE] },
    handler: (ctx) => importLogs(s.db, apiTrust(ctx).id, recordId(ctx.params.round)),
  });
}

function importRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/imports/:import',
    summary: 'One import of answers: how many people and answers it added, and who it skipped',
    tag: 'Responses',
    roles: ['trust-admin'],
    params: roundParams.extend({
      import: z
        .string()
        .regex(/^\d{1,15}$/)
        .transform(Number)
        .describe('The import id (a whole number)'),
    }),
    response: logOut,
    example: { response: LOG_EXAMPLE },
    handler: async (ctx) => {
      const roundId = recordId(ctx.params.round);
      const log = await importLog(s.db, apiTrust(ctx).id, roundId, ctx.params.import);
      if (log === undefined) throw new NotFoundError();
      return log;
    },
  });
}

/** The import-log operations of the API, in the order of the OpenAPI document. */
export function importLogsApi(s: { db: Database }) {
  return [importsRoute(s), importRoute(s)];
}
