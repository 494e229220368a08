import type { Tx } from '../../db/client.ts';
import { toCsv } from '../../web/csv.ts';
import { toXlsx, type XlsxCell, type XlsxSheet } from '../../web/xlsx.ts';
import type { IsoDate } from './calendar.ts';
import { FIELD_HEADINGS } from './headers.ts';
import { loadPlan, type PlanRow } from './plan.ts';
import { ragLabel } from './rag.ts';
import { listFocusAreas } from './repository-focus.ts';
import { listAllUpdates, type UpdateRow } from './repository-updates.ts';
import { STATUS_LABELS } from './schemas.ts';
import { displayTargetDate } from './target-date.ts';

// The action plan's downloads: the whole plan, one row per action in number order, and every
// progress update of the plan. The plan's headings are the ones the import reads
// (headers.ts FIELD_HEADINGS), so a downloaded plan imports back as the same actions; the
// columns the import does not read (Description, Partners, Reason for revision, Colours,
// Dimensions, Focus area) are there for people and left out by it.
//
// Rules decided here:
// - Leads are joined with " / ", which the import splits again; dates are written in words
//   as the pages show them ("October 2009", "31 December 2009", "Ongoing"), which it reads.
// - RAG is the RAG shown (the override, else the suggestion); empty for a dropped action.
// - Progress is the latest update's text, as written (the import dates it again).
// - Formula injection is defused by toCsv (a leading ') and by writing plain values to XLSX.

/** The plan's headings, in column order. */
export const PLAN_HEADINGS = [
  FIELD_HEADINGS.number,
  FIELD_HEADINGS.title,
  'Description',
  FIELD_HEADINGS.lead,
  'Partners',
  FIELD_HEADINGS.target,
  FIELD_HEADINGS.revisedTarget,
  'Reason for revision',
  FIELD_HEADINGS.successMeasure,
  FIELD_HEADINGS.status,
  FIELD_HEADINGS.rag,
  FIELD_HEADINGS.progress,
  'Colours',
  'Dimensions',
  'Focus area',
];

export const HISTORY_HEADINGS = [
  'No',
  'Action',
  'Date',
  'Update',
  'By',
  'RAG at the time',
  'Status',
];

export interface PlanExport {
  plan: PlanRow[];
  /** Every update, by action number and then oldest first. */
  updates: (UpdateRow & { number: string })[];
  focusAreaTitles: Map<string, string>;
}

/** What the downloads are made from, read today in the trust's scope. */
export async function loadExport(tx: Tx, today: IsoDate): Promise<PlanExport> {
  const plan = await loadPlan(tx, { today });
  const updates = await listAllUpdates(tx);
  const focusAreaTitles = new Map((await listFocusAreas(tx)).map((f) => [f.id, f.title]));
  return { plan, updates, focusAreaTitles };
}

/** The latest update of each action: the one with the latest day, the last added on a tie. */
function latestTexts(updates: PlanExport['updates']): Map<string, string> {
  const latest = new Map<string, UpdateRow>();
  for (const u of updates) {
    const seen = latest.get(u.actionId);
    if (
      seen === undefined ||
      u.updatedOn > seen.updatedOn ||
      (u.updatedOn === seen.updatedOn && u.createdAt >= seen.createdAt)
    )
      latest.set(u.actionId, u);
  }
  return new Map([...latest].map(([id, u]) => [id, u.text]));
}

/** The plan's rows, one per action in number order. */
export function planRows(data: PlanExport): XlsxCell[][] {
  const progress = latestTexts(data.updates);
  return data.plan.map((a) => [
    a.number,
    a.title,
    a.description,
    a.leads.map((l) => l.name).join(' / '),
    a.partners,
    a.target === null ? '' : displayTargetDate(a.target),
    a.revisedTarget === null ? '' : displayTargetDate(a.revisedTarget),
    a.revisedReason,
    a.successMeasure,
    STATUS_LABELS[a.status],
    a.shown.rag === null ? '' : ragLabel(a.shown.rag),
    progress.get(a.id) ?? '',
    a.areas.join(', '),
    a.dimensions.join(', '),
    a.focusAreaId === null ? '' : (data.focusAreaTitles.get(a.focusAreaId) ?? ''),
  ]);
}

/** Every progress update, by action number and then oldest first. */
export function historyRows(data: PlanExport): XlsxCell[][] {
  const titles = new Map(data.plan.map((a) => [a.id, a.title]));
  return data.updates.map((u) => [
    u.number,
    titles.get(u.actionId) ?? '',
    u.updatedOn,
    u.text,
    u.authorName,
    u.rag === null ? '' : ragLabel(u.rag),
    STATUS_LABELS[u.status],
  ]);
}

export const planCsv = (data: PlanExport): string => toCsv(PLAN_HEADINGS, planRows(data));

export const historyCsv = (data: PlanExport): string => toCsv(HISTORY_HEADINGS, historyRows(data));

/** The workbook: the plan on "Action plan", every update on "Progress history". */
export function planXlsx(data: PlanExport): Promise<Buffer> {
  const sheets: XlsxSheet[] = [
    { name: 'Action plan', headers: PLAN_HEADINGS, rows: planRows(data) },
    { name: 'Progress history', headers: HISTORY_HEADINGS, rows: historyRows(data) },
  ];
  return toXlsx(sheets);
}
