import { formatDate } from '../../../web/views.ts';
import {
  pageTable,
  type CellInput,
  type PageTable,
  type TableCell,
} from '../../../web/page-table.ts';
import type { PlanRow } from '../plan.ts';
import { RAG_TAGS, type Rag } from '../rag.ts';
import type { UpdateRow } from '../repository-updates.ts';
import { STATUS_LABELS } from '../schemas.ts';
import { displayTargetDate } from '../target-date.ts';

// The tables of the action plan's pages, for the pages and their downloads: a RAG is always a
// GOV.UK tag with its words; a revised target date is shown with the original after it
// ("was …"); a dropped action has no RAG, and says so.

/** A RAG as a table cell: a tag with words. */
export function ragCell(rag: Rag | null): TableCell {
  if (rag === null) return { text: 'No RAG (dropped)' };
  const tag = RAG_TAGS[rag];
  return { text: tag.text, tag: tag.classes.replace(/^govuk-tag\s+/, '') };
}

/** The classes for govukTag of a RAG (the tag adds govuk-tag itself). */
export const ragClasses = (rag: Rag) => RAG_TAGS[rag].classes.replace(/^govuk-tag\s+/, '');

/** The target date as a cell: the revised one, with the original after it. */
export function targetCell(row: Pick<PlanRow, 'target' | 'revisedTarget'>): TableCell {
  if (row.target === null) return { text: 'Not set' };
  if (row.revisedTarget === null) return { text: displayTargetDate(row.target) };
  return {
    text: displayTargetDate(row.revisedTarget),
    more: [{ text: `(revised; was ${displayTargetDate(row.target)})` }],
  };
}

const leadsText = (row: PlanRow) =>
  row.leads.length === 0 ? 'None' : row.leads.map((l) => l.name).join(', ');

/** A table of actions: number, title (a link to its page), leads, target, status, RAG. */
export function planTable(
  base: string,
  rows: readonly PlanRow[],
  spec: { key: string; caption: string; captionClasses?: string },
): PageTable {
  return pageTable({
    ...spec,
    testid: spec.key,
    head: ['No', 'Action', 'Lead(s)', 'Target date', 'Status', 'RAG'],
    rows: rows.map((row): CellInput[] => [
      row.number,
      { text: row.title, href: `${base}/${row.id}` },
      leadsText(row),
      targetCell(row),
      STATUS_LABELS[row.status],
      ragCell(row.shown.rag),
    ]),
  });
}

/** An action's progress updates, newest first. */
export function historyTable(updates: readonly UpdateRow[]): PageTable {
  return pageTable({
    key: 'progress',
    caption: 'Progress history',
    captionClasses: 'govuk-visually-hidden',
    testid: 'progress-history',
    head: ['Date', 'Update', 'By', 'RAG then', 'Status'],
    rows: updates.map((u): CellInput[] => [
      formatDate(u.updatedOn),
      u.text,
      u.authorName,
      ragCell(u.rag),
      STATUS_LABELS[u.status],
    ]),
  });
}
