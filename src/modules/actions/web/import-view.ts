import type { FieldError } from '../../../kernel/errors.ts';
import { pageTable, type CellInput, type PageTable } from '../../../web/page-table.ts';
import type { ImportPreview, PreviewLead, PreviewRow } from '../import/index.ts';
import type { RowError } from '../import.ts';
import { RAG_TAGS } from '../rag.ts';
import { STATUS_LABELS } from '../schemas.ts';

// What the import preview page shows of a draft: a summary in words ("12 rows read; 10 ready,
// 2 need fixing"), a table with a row for each row of the file as it was understood, and the
// problems, each beside its row and in the error summary, linked to the row by its line. A
// row that needs fixing says so in words (a tag "Needs fixing") and its problems are shown in
// the GOV.UK error style; a ready row is tagged "Ready". An empty RAG reads "From the dates"
// (the suggested RAG applies once stored). The errors of a failed confirmation (a number
// taken meanwhile) are shown beside the row of their line too.

const plural = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

/** "12 rows read; 10 ready, 2 need fixing". */
export function previewSummary(preview: ImportPreview): string {
  const rows = preview.rows.length;
  const fixing = preview.rows.filter((r) => r.problems.length > 0).length;
  const fix = fixing === 1 ? '1 needs fixing' : `${String(fixing)} need fixing`;
  return `${plural(rows, 'row', 'rows')} read; ${String(rows - fixing)} ready, ${fix}`;
}

/** "Import 12 actions". */
export const confirmText = (preview: ImportPreview) =>
  `Import ${plural(preview.items.length, 'action', 'actions')}`;

function leadText(lead: PreviewLead): string {
  if (lead.kind === 'user') return lead.name;
  if (lead.kind === 'named') return `${lead.text} (named, no account)`;
  return `${lead.text} (could be ${lead.candidates.join(' or ')})`;
}

const lineId = (line: number) => `line-${String(line)}`;

function problemsOf(row: PreviewRow, extra: readonly RowError[]): string[] {
  return [
    ...row.problems.map((p) => p.message),
    ...extra.filter((e) => e.line === row.line).map((e) => e.message),
  ];
}

function rowCells(row: PreviewRow, problems: string[]): CellInput[] {
  const v = row.values;
  const fixing = problems.length > 0;
  const rag =
    v.rag === null
      ? { text: 'From the dates' }
      : { text: RAG_TAGS[v.rag].text, tag: RAG_TAGS[v.rag].classes };
  return [
    {
      text: String(row.line),
      id: lineId(row.line),
      more: [
        fixing
          ? { text: 'Needs fixing', tag: 'govuk-tag--red' }
          : { text: 'Ready', tag: 'govuk-tag--green' },
      ],
    },
    v.number,
    v.title,
    v.leads.length === 0 ? 'None given' : v.leads.map(leadText).join('; '),
    {
      text: v.target ?? 'None given',
      ...(v.targetNote === null ? {} : { more: [{ text: v.targetNote }] }),
    },
    {
      text: v.revisedTarget ?? 'None',
      ...(v.revisedTarget === null || v.revisedReason === ''
        ? {}
        : { more: [{ text: `Reason: ${v.revisedReason}` }] }),
    },
    rag,
    STATUS_LABELS[v.status],
    fixing
      ? { text: problems.join('. '), classes: 'govuk-error-message ocw-import-problem' }
      : 'None',
  ];
}

/** The preview's table: a row for each row of the file. */
export function previewTable(preview: ImportPreview, errors: readonly RowError[] = []): PageTable {
  return pageTable({
    key: 'preview',
    caption: 'The rows of the file, as they will be stored',
    name: 'Import preview',
    head: [
      'Line',
      'No',
      'Action',
      'Lead(s)',
      'Target date',
      'Revised target date',
      'RAG',
      'Status',
      'Problems',
    ],
    rows: preview.rows.map((row) => rowCells(row, problemsOf(row, errors))),
    testid: 'import-preview',
  });
}

/** The error summary of the page: the table's problems, then each row's, linked to its row. */
export function previewErrors(preview: ImportPreview, errors: readonly RowError[] = []) {
  const list: { text: string; href: string }[] = [];
  for (const p of preview.problems)
    list.push({
      text: p.message,
      href: p.lines[0] === undefined ? '#preview' : `#${lineId(p.lines[0])}`,
    });
  for (const row of preview.rows)
    for (const text of problemsOf(row, errors))
      list.push({ text: `Line ${String(row.line)}: ${text}`, href: `#${lineId(row.line)}` });
  for (const e of errors)
    if (!preview.rows.some((r) => r.line === e.line))
      list.push({ text: e.message, href: '#preview' });
  return list.length === 0 ? undefined : { errorList: list, fieldErrors: {} };
}

/** The upload form's errors, each by its field (file or paste). */
export function formErrors(errors: FieldError[]) {
  return {
    errorList: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
    fieldErrors: Object.fromEntries(errors.map((e) => [e.field, { text: e.message }])),
  };
}
