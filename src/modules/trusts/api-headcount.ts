import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { sendTable } from '../../web/table-export.ts';
import { XLSX_CONTENT_TYPE } from '../../web/xlsx.ts';
import { TAG, trustParams, unwrap, WRITE } from './api-shared.ts';
import {
  HEADCOUNT_COLUMNS,
  headcountTemplate,
  importHeadcounts,
  saveHeadcountList,
} from './headcount.ts';
import type { SectorRow } from './repository.ts';
import { headcountValueSchema } from './schemas.ts';

// Every sector's headcount at once in the JSON API: read as JSON or as the template (CSV
// or Excel), and set from a JSON list or from the filled-in template, all or nothing. The
// page's upload calls the same importHeadcounts.

const MAX_ENTRIES = 1000;

const headcountOut = z.object({
  key: z.string().describe('The sector key'),
  name: z.string().describe('The sector name'),
  headcount: z
    .number()
    .int()
    .nullable()
    .describe('People in the sector who work with children; null if not known'),
});

const toHeadcount = (s: SectorRow) => ({ key: s.key, name: s.name, headcount: s.headcount });

const example = [
  { key: 'schools', name: 'Schools', headcount: 900 },
  { key: 'health', name: 'Health', headcount: null },
  { key: 'camhs', name: 'Mental health', headcount: 120 },
];

function readRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/headcount',
    summary: "Every sector's headcount, or the headcount template",
    description: `format=json (the default) answers every sector with its key, name and headcount. format=csv or format=xlsx answers the same as a file with the columns ${HEADCOUNT_COLUMNS.join(', ')}: the template to fill in and send back with PUT. Text in the files is never read as a formula.`,
    tag: TAG,
    params: trustParams,
    query: z.object({
      format: z
        .enum(['json', 'csv', 'xlsx'], { error: 'Format must be json, csv or xlsx' })
        .default('json')
        .describe('json (default), csv or xlsx'),
    }),
    response: z.array(headcountOut),
    example: { response: example },
    handler: async (ctx) => {
      const trust = apiTrust(ctx);
      const table = await headcountTemplate(s.db, trust.id);
      if (ctx.query.format === 'json')
        return table.rows.map(([key, name, headcount]) => ({
          key: typeof key === 'string' ? key : '',
          name: typeof name === 'string' ? name : '',
          headcount: typeof headcount === 'number' ? headcount : null,
        }));
      await sendTable(ctx.reply, ctx.query.format, `${trust.slug}-headcount`, table);
      return [];
    },
  });
}

function writeRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'PUT',
    url: '/api/v1/trusts/:trust/headcount',
    summary: "Sets sectors' headcount all at once",
    description: [
      'Send JSON `{ "headcounts": [{ "sector", "headcount" }] }`, or the filled-in template from GET with format=csv (`Content-Type: text/csv`) or format=xlsx (`Content-Type: ' +
        XLSX_CONTENT_TYPE +
        '`): its columns `sector key` and `headcount` are read; an empty headcount means not known.',
      'All or nothing: if any entry or row is wrong (a key that is not one of the trust’s sectors, a sector given twice, a headcount that is not a whole number from 0 to 1,000,000), nothing is saved and the answer is 400 with an error per entry (`headcounts.<index>.<field>`) or per row of the file (`row-<n>`, the header being row 1). Sectors left out keep their headcount.',
      'Answers every sector of the trust as it then stands.',
    ].join('\n\n'),
    tag: TAG,
    roles: WRITE,
    params: trustParams,
    body: z.object({
      headcounts: z
        .array(
          z.object({
            sector: z.string({ error: 'Enter the sector key' }).describe('The sector key'),
            headcount: headcountValueSchema,
          }),
          { error: 'Send the headcounts as a list' },
        )
        .max(MAX_ENTRIES, `Send ${MAX_ENTRIES} headcounts or fewer`)
        .describe('Each sector at most once'),
    }),
    bodyContentType: ['text/csv', XLSX_CONTENT_TYPE],
    response: z.array(headcountOut),
    example: {
      request: {
        headcounts: [
          { sector: 'schools', headcount: 900 },
          { sector: 'camhs', headcount: 120 },
        ],
      },
      response: example,
    },
    handler: async (ctx) => {
      const trust = apiTrust(ctx);
      const actor = apiActor(ctx);
      const raw: unknown = ctx.request.body;
      const saved =
        typeof raw === 'string'
          ? await importHeadcounts(s.db, trust.id, actor, { kind: 'csv', text: raw })
          : Buffer.isBuffer(raw)
            ? await importHeadcounts(s.db, trust.id, actor, { kind: 'xlsx', bytes: raw })
            : await saveHeadcountList(
                s.db,
                trust.id,
                actor,
                ctx.body.headcounts.map((h, i) => ({
                  ...h,
                  at: { field: `headcounts.${i}.sector`, label: `Entry ${i + 1}` },
                })),
              );
      return unwrap(saved).map(toHeadcount);
    },
  });
}

/** All sectors' headcount at once, in the order of the OpenAPI document. */
export function headcountApi(s: { db: Database }) {
  return [readRoute(s), writeRoute(s)];
}
