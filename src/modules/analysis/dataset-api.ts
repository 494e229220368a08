import { z } from 'zod';
import { ConflictError } from '../../kernel/errors.ts';
import { defineApiRoute } from '../../web/api-route.ts';
import { sendTable } from '../../web/table-export.ts';
import { apiRound, roundParams } from '../rounds/index.ts';
import { slug, TIDY_COLUMNS, tidyRows, tidyTable } from './models/index.ts';
import type { AnalysisService } from './service.ts';
import { DATASET_EXAMPLE } from './api-examples.ts';

// A round's figures in long form for Power BI and Excel, as JSON, CSV or a workbook.

const tidyRowOut = z.object({
  group_kind: z
    .enum([
      'everyone',
      'sector',
      'audience',
      'audience-group',
      'sector-audience',
      'locality',
      'workshop',
    ])
    .describe('"workshop" rows are the agreed positions an analysis workshop recorded'),
  group_key: z.string(),
  group: z.string(),
  area_key: z.string(),
  area: z.string(),
  dimension_key: z.string().describe("Empty on an area's own rows"),
  dimension: z.string(),
  measure: z
    .string()
    .describe(
      'score, stage, n, answers_1 … answers_5, answers_dk, answers_na; for a dimension also items_shown and dont_know_rate',
    ),
  value: z.number().nullable().describe('null where the figure is withheld to protect anonymity'),
  withheld: z.boolean(),
});

const datasetOut = z.object({
  roundId: z.uuid(),
  release: z.number().int().describe('The release of the answers the figures come from'),
  columns: z.array(z.string()),
  rows: z.array(tidyRowOut),
});

const datasetQuery = z.object({
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .default('json')
    .describe('json (default), or csv / xlsx for a file with the same rows'),
});

export function datasetRoute(s: { analysis: AnalysisService }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/dataset',
    summary: "The round's figures in long form: one row per group × area or dimension × measure",
    description:
      'For Power BI, Excel pivot tables and R. The same figures as …/scores, from the same release and with the same suppression: a withheld figure has a null value (an empty cell in CSV and XLSX) and withheld true. Before the first release this answers 409.',
    tag: 'Analysis',
    params: roundParams,
    query: datasetQuery,
    response: datasetOut,
    produces: [
      'application/json',
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    example: { response: DATASET_EXAMPLE },
    handler: async (ctx) => {
      const { scores, title } = await ctx.inTrust(async (tx) => {
        const scope = await apiRound(tx, ctx.params.round);
        return { scores: await s.analysis.roundScores(tx, scope), title: scope.round.title };
      });
      if (scores.release === null || scores.release === undefined)
        throw new ConflictError(
          "The round's answers have not been released yet: figures are made once collection closes.",
        );
      const rows = tidyRows(scores);
      const body = {
        roundId: scores.roundId,
        release: scores.release.number,
        columns: [...TIDY_COLUMNS],
        rows,
      };
      // A file instead of JSON: the same rows (the body is then not sent).
      if (ctx.query.format !== 'json')
        await sendTable(ctx.reply, ctx.query.format, `${slug(title)}-dataset`, tidyTable(rows));
      return body;
    },
  });
}
