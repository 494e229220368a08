import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { recordId } from '../../web/http.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import type { ResponseImports } from './imports.ts';
import { responseSummary } from './service.ts';
import { importLogsApi } from './api-imports.ts';

// Responses in the JSON API: importing answers gathered elsewhere, and counts by sector
// and audience. Never a single response.

const TAG = 'Responses';

const roundParams = z.object({
  trust: z.string().describe('The trust slug'),
  round: z.string().describe('The round id (a UUID)'),
});

const importResult = z.object({
  id: z.number().int().describe('The import, to read again with GET …/imports/{import}'),
  responses: z.number().int().describe('Respondents stored by this import'),
  answers: z.number().int().describe('Answers stored by this import'),
  skipped: z
    .number()
    .int()
    .describe('Respondents skipped because the round already holds them (an earlier import)'),
});

function importRoute(s: { db: Database; responseImports: ResponseImports }) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/rounds/:round/responses/import',
    summary: 'Imports answers gathered elsewhere (CSV)',
    description: [
      'Send the CSV as the body with `Content-Type: text/csv` (up to 10 MB). The first row names the columns `respondent,sector,audience,item,value`, and optionally `locality` (a locality of the trust by name, any capitals; empty for none); then one row per answer.',
      '`respondent` is your own id for the person who answered (the same on all their rows; it is not stored, only a hash of it so the same file imported twice stores nothing new). `sector` is one of the trust’s sector keys or empty; `audience` is leaders-managers, frontline, children-young-people or parents-carers; `item` is an item key of the round’s framework version asked of that audience; `value` is 1 to 5, DK or NA.',
      'The file is checked in a worker thread, so a large one (170,000 rows takes a few seconds) holds up no other request; the answer comes when it is stored.',
      'All or nothing: if any row is wrong nothing is stored and the answer is 400 `{ "error": "invalid_csv", "message", "errors": [{ "row", "field", "message" }] }`, with `row` the line number in the file (the header is line 1) and up to 100 errors.',
    ].join('\n\n'),
    tag: TAG,
    roles: ['trust-admin'],
    params: roundParams,
    body: z
      .string({ error: 'Send the CSV as the request body with Content-Type: text/csv' })
      .describe('The CSV file'),
    bodyContentType: 'text/csv',
    response: importResult,
    status: 201,
    example: {
      request:
        'respondent,sector,audience,item,value\r\nP-001,health,frontline,red.shared-vision.p1,4\r\nP-001,health,frontline,red.shared-vision.p2,DK\r\n',
      response: { id: 4182, responses: 1, answers: 2, skipped: 0 },
    },
    handler: async (ctx) => {
      const trust = apiTrust(ctx);
      const roundId = recordId(ctx.params.round);
      const outcome = await s.responseImports.run({
        trustId: trust.id,
        actor: apiActor(ctx),
        roundId,
        source: { kind: 'csv', text: ctx.body },
        via: 'api',
      });
      if (!outcome.ok) {
        await ctx.reply.code(400).send({
          error: 'invalid_csv',
          message: outcome.message,
          errors: outcome.errors,
        });
        return undefined as never;
      }
      return {
        id: outcome.logId,
        responses: outcome.responses,
        answers: outcome.answers,
        skipped: outcome.skipped,
      };
    },
  });
}

const count = z.number().int().describe('Responses');

const SUMMARY_EXAMPLE = {
  round: {
    id: '0b6f3c1a-8d2e-4f5a-9c7b-1e2d3f4a5b6c',
    title: '2026 self-assessment',
    status: 'collecting',
  },
  total: 64,
  bySector: [
    { sector: 'health', name: 'Health', headcount: 200, responses: 40 },
    { sector: 'schools', name: 'Schools', headcount: 400, responses: 24 },
  ],
  byAudience: [
    { audience: 'leaders-managers', name: 'Leaders and managers', responses: 8 },
    { audience: 'frontline', name: 'Frontline practitioners', responses: 56 },
    { audience: 'children-young-people', name: 'Children and young people', responses: 0 },
    { audience: 'parents-carers', name: 'Parents and carers', responses: 0 },
  ],
  bySectorAndAudience: [
    { sector: 'health', audience: 'frontline', responses: 32 },
    { sector: 'health', audience: 'leaders-managers', responses: 8 },
    { sector: 'schools', audience: 'frontline', responses: 24 },
  ],
};

function summaryRoute(s: { db: Database; responseImports: ResponseImports }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/responses/summary',
    summary: 'How many responses a round has, by sector and by audience',
    description:
      'Counts only, never single responses. Every sector of the trust and every audience is listed, with zero where there are none yet.',
    tag: TAG,
    params: roundParams,
    response: z.object({
      round: z.object({ id: z.uuid(), title: z.string(), status: z.string() }),
      total: count,
      bySector: z.array(
        z.object({
          sector: z
            .string()
            .nullable()
            .describe('Sector key; null for answers that gave no sector'),
          name: z.string(),
          headcount: z.number().int().nullable().describe('People in the sector, if known'),
          responses: count,
        }),
      ),
      byAudience: z.array(
        z.object({
          audience: z.string().describe('Audience key'),
          name: z.string(),
          responses: count,
        }),
      ),
      bySectorAndAudience: z
        .array(z.object({ sector: z.string().nullable(), audience: z.string(), responses: count }))
        .describe('Each sector and audience pair that has responses'),
    }),
    example: { response: SUMMARY_EXAMPLE },
    handler: async (ctx) => responseSummary(s.db, apiTrust(ctx).id, recordId(ctx.params.round)),
  });
}

/** The response operations of the API, in the order of the OpenAPI document. */
export function responsesApi(s: { db: Database; responseImports: ResponseImports }) {
  return [importRoute(s), summaryRoute(s), ...importLogsApi(s)];
}
