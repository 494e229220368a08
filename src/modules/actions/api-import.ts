import { z } from 'zod';
import { todayIso } from '../../kernel/date-rules.ts';
import { ValidationError, type FieldError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { XLSX_CONTENT_TYPE } from '../../web/xlsx.ts';
import { FIELD_LABELS } from './headers.ts';
import { importActions } from './import.ts';
import { previewImport, readActionFile, type ImportPreview } from './import/index.ts';
import { knownLeads } from './repository-focus.ts';
import { ACTION_STATUSES, RAGS } from './schemas.ts';
import { TAG, trustParams, WRITERS } from './api-shared.ts';

// Importing an action plan through the JSON API, as the import pages do: the body is the plan
// as CSV (text/csv) or an Excel workbook (.xlsx), read by readActionFile and previewed by
// previewImport against the trust's people (by name), for today.
//
// Rules decided here:
// - ?preview=true answers the preview, row by row with each row's problems, and stores nothing.
// - Otherwise the plan is stored all or nothing (importActions): when any row cannot be
//   understood, or the file cannot be read, the answer is 400 with one error per problem,
//   named `row-<line>.<field>` by the row's line in the file (`file` for the whole file), and
//   nothing is stored.

const previewRowOut = z.object({
  line: z.number().int().describe('The row’s line in the file, counting from 1'),
  number: z.string(),
  title: z.string(),
  leads: z.array(
    z.object({
      text: z.string(),
      kind: z.enum(['user', 'named', 'ambiguous']),
      userId: z.string().optional(),
    }),
  ),
  target: z.string().nullable().describe('The target date in words'),
  revisedTarget: z.string().nullable(),
  revisedReason: z.string(),
  progress: z.string(),
  rag: z.enum(RAGS).nullable(),
  status: z.enum(ACTION_STATUSES),
  problems: z.array(z.object({ field: z.string(), message: z.string() })),
});

const importOut = z.object({
  stored: z.boolean().describe('False for a preview'),
  ready: z.boolean().describe('Every row can be stored'),
  actions: z.number().int().describe('Actions stored (0 for a preview)'),
  updates: z.number().int().describe('Progress updates stored (0 for a preview)'),
  columns: z.array(z.string()).describe('Columns left out, repeated or missing, in words'),
  problems: z.array(z.object({ message: z.string(), lines: z.array(z.number().int()) })),
  rows: z.array(previewRowOut),
});

const rowsOut = (preview: ImportPreview): z.input<typeof previewRowOut>[] =>
  preview.rows.map((row) => ({
    line: row.line,
    number: row.values.number,
    title: row.values.title,
    leads: row.values.leads.map((l) =>
      l.kind === 'user'
        ? { text: l.text, kind: l.kind, userId: l.userId }
        : { text: l.text, kind: l.kind },
    ),
    target: row.values.target,
    revisedTarget: row.values.revisedTarget,
    revisedReason: row.values.revisedReason,
    progress: row.values.progress,
    rag: row.values.rag,
    status: row.values.status,
    problems: row.problems.map((p) => ({ field: p.field, message: p.message })),
  }));

/** Every problem of a preview, named by its row. */
function previewErrors(preview: ImportPreview): FieldError[] {
  const table = preview.problems
    .filter((p) => p.lines.length === 0)
    .map((p) => ({ field: 'file', message: p.message }));
  const rows = preview.rows.flatMap((row) =>
    row.problems.map((p) => ({
      field: `row-${String(row.line)}.${p.field}`,
      message: `Row ${String(row.line)}, ${FIELD_LABELS[p.field]}: ${p.message}`,
    })),
  );
  return [...table, ...rows];
}

/** The body as bytes: a CSV's text or a workbook's bytes. */
function bytesOf(body: unknown): Uint8Array {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  throw new ValidationError([
    {
      field: 'body',
      message: `Send the action plan as text/csv or as an Excel workbook (${XLSX_CONTENT_TYPE})`,
    },
  ]);
}

const IMPORT_EXAMPLE: z.input<typeof importOut> = {
  stored: true,
  ready: true,
  actions: 1,
  updates: 1,
  columns: [],
  problems: [],
  rows: [
    {
      line: 2,
      number: '1',
      title: 'Agree a single induction standard',
      leads: [{ text: 'Head of Workforce', kind: 'named' }],
      target: 'October 2026',
      revisedTarget: null,
      revisedReason: '',
      progress: 'Draft standard shared with schools and health',
      rag: 'green',
      status: 'in-progress',
      problems: [],
    },
  ],
};

function importRoute() {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/actions/import',
    summary: 'Imports an action plan from a CSV file or an Excel workbook',
    description: [
      'The body is the plan as text/csv or as an .xlsx workbook, in the shape councils keep them: a header row (No, Action, Lead, Target date, Progress, RAG, Status… in any of their usual spellings) with title rows, blank rows and columns around it. Leads are matched with the trust’s people by name; others are kept as named leads. Target dates may be written as councils write them (Oct-09, Q3 2010, end of December, on-going); a revised date may be stated in the progress text.',
      'With ?preview=true the answer is the preview, row by row with what each row became and its problems, and nothing is stored. Without it the plan is stored all or nothing: if any row cannot be understood, the answer is 400 with an error per problem, named `row-<line>.<field>` by the row’s line in the file, and nothing is stored.',
    ].join('\n\n'),
    tag: TAG,
    roles: WRITERS,
    params: trustParams,
    query: z.object({
      preview: z
        .enum(['true', 'false'])
        .optional()
        .describe('true: answer the preview and store nothing'),
    }),
    bodyContentType: ['text/csv', XLSX_CONTENT_TYPE],
    response: importOut,
    example: { response: IMPORT_EXAMPLE },
    handler: async (ctx) => {
      const trust = apiTrust(ctx);
      const actor = apiActor(ctx);
      const read = await readActionFile(bytesOf(ctx.request.body));
      if (!read.ok) throw new ValidationError([{ field: 'file', message: read.message }]);
      const today = todayIso();
      return ctx.inTrust(async (tx) => {
        const preview = previewImport(read.rows, { known: await knownLeads(tx), today });
        const answer = {
          ready: preview.ready,
          columns: preview.mapping.messages,
          problems: preview.problems,
          rows: rowsOut(preview),
        };
        if (ctx.query.preview === 'true')
          return { stored: false, actions: 0, updates: 0, ...answer };
        if (!preview.ready) throw new ValidationError(previewErrors(preview));
        const outcome = await importActions(tx, trust.id, actor, preview.items, today);
        if (!outcome.ok)
          throw new ValidationError(
            outcome.errors.map((e) => ({
              field: e.line === 0 ? e.field : `row-${String(e.line)}.${e.field}`,
              message: e.line === 0 ? e.message : `Row ${String(e.line)}: ${e.message}`,
            })),
          );
        return { stored: true, ...outcome.value, ...answer };
      });
    },
  });
}

/** The import operation. */
export function importApi() {
  return [importRoute()];
}
