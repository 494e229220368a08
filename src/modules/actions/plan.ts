import type { Tx } from '../../db/client.ts';
import type { IsoDate } from './calendar.ts';
import { leadKey } from './leads.ts';
import {
  assessRag,
  effectiveDue,
  shownRag,
  staleness,
  type ActionStatus,
  type Rag,
} from './rag.ts';
import * as repo from './repository.ts';
import { listPlan, type PlanActionRow } from './repository-plan.ts';
import { listUpdates, type UpdateRow } from './repository-updates.ts';
import { addedOn } from './updates.ts';

// The plan as pages, exports and reminders read it: each action with its effective due day,
// the RAG the dates suggest (and why), the RAG shown (a person's override, if any), and
// whether it is overdue or stale, worked out for a day passed in (never the clock). The
// filters and sorts are pure.
//
// - Overdue: its effective due day is before today, and it is neither complete nor dropped.
// - Stale: no progress update for NO_UPDATE_DAYS days or more (counted from when it was added
//   if it has none), and it is neither complete nor dropped.

export interface PlanRow extends PlanActionRow {
  /** The effective due day: the revised target date's if any, else the original's. */
  due: IsoDate | null;
  suggested: { rag: Rag | null; reason: string };
  shown: { rag: Rag | null; overridden: boolean };
  overdue: boolean;
  stale: boolean;
}

const closed = (status: ActionStatus) => status === 'complete' || status === 'dropped';

/** One action of the plan as read on `today`. */
export function toPlanRow(row: PlanActionRow, today: IsoDate): PlanRow {
  const due = effectiveDue(row.target, row.revisedTarget);
  const created = addedOn(row);
  const suggested = assessRag({
    status: row.status,
    due,
    lastUpdate: row.lastUpdate,
    created,
    today,
  });
  return {
    ...row,
    due,
    suggested,
    shown: shownRag(suggested.rag, row.ragOverride),
    overdue: !closed(row.status) && due !== null && due < today,
    stale:
      !closed(row.status) && staleness({ lastUpdate: row.lastUpdate, created, today }) !== null,
  };
}

/** The trust's plan in number order; `ledBy` keeps only the actions a user leads. */
export async function loadPlan(
  tx: Tx,
  options: { today: IsoDate; ledBy?: string },
): Promise<PlanRow[]> {
  const rows = await listPlan(tx, options.ledBy === undefined ? {} : { ledBy: options.ledBy });
  return rows.map((row) => toPlanRow(row, options.today));
}

export interface PlanFilter {
  /** An area (colour) key of the action's framework version. */
  area?: string | undefined;
  /** A lead: a user's id, or the name of a lead (ignoring case and spacing). */
  lead?: string | undefined;
  /** The RAG shown; 'none' for dropped actions, which have none. */
  rag?: Rag | 'none' | undefined;
  status?: ActionStatus | undefined;
}

const ledBy = (row: PlanRow, lead: string) =>
  row.leads.some((l) => l.userId === lead || leadKey(l.name) === leadKey(lead));

/** The actions that meet every part of the filter given. */
export function filterPlan(rows: readonly PlanRow[], filter: PlanFilter): PlanRow[] {
  return rows.filter(
    (row) =>
      (filter.area === undefined || row.areas.includes(filter.area)) &&
      (filter.lead === undefined || ledBy(row, filter.lead)) &&
      (filter.rag === undefined || (row.shown.rag ?? 'none') === filter.rag) &&
      (filter.status === undefined || row.status === filter.status),
  );
}

export type PlanSort = 'number' | 'due';
export const PLAN_SORTS: readonly PlanSort[] = ['number', 'due'];

/**
 * The plan in number order (as loaded), or by due day: soonest first, those with no due day
 * (ongoing, or no target yet) last, ties in number order.
 */
export function sortPlan(rows: readonly PlanRow[], sort: PlanSort = 'number'): PlanRow[] {
  const byNumber = [...rows].sort((a, b) =>
    a.numberKey < b.numberKey ? -1 : a.numberKey > b.numberKey ? 1 : 0,
  );
  if (sort === 'number') return byNumber;
  return byNumber.sort((a, b) => {
    if (a.due === b.due) return 0;
    if (a.due === null) return 1;
    if (b.due === null) return -1;
    return a.due < b.due ? -1 : 1;
  });
}

/** The actions a user leads. */
export const myActions = (rows: readonly PlanRow[], userId: string): PlanRow[] =>
  rows.filter((row) => row.leads.some((l) => l.userId === userId));

/** Overdue actions, the most overdue first. */
export const overdueActions = (rows: readonly PlanRow[]): PlanRow[] =>
  sortPlan(
    rows.filter((row) => row.overdue),
    'due',
  );

/** Stale actions, the longest without an update first. */
export function staleActions(rows: readonly PlanRow[]): PlanRow[] {
  const since = (row: PlanRow) => row.lastUpdate ?? addedOn(row);
  return sortPlan(rows.filter((row) => row.stale)).sort((a, b) =>
    since(a) === since(b) ? 0 : since(a) < since(b) ? -1 : 1,
  );
}

export interface ActionView {
  action: PlanRow;
  /** Newest first. */
  updates: UpdateRow[];
  /** The RAG a person set, beside the suggestion (action.suggested); null when none is set. */
  override: { rag: Rag; reason: string; by: string | null; at: Date | null } | null;
}

/** One action with its full history, as read on `today`; undefined if the trust has no such action. */
export async function loadAction(
  tx: Tx,
  id: string,
  today: IsoDate,
): Promise<ActionView | undefined> {
  const action = await repo.findAction(tx, id);
  if (action === undefined) return undefined;
  const updates = await listUpdates(tx, id);
  const row = toPlanRow(
    { ...action, lastUpdate: updates[0]?.updatedOn ?? null, updateCount: updates.length },
    today,
  );
  const override =
    action.ragOverride === null
      ? null
      : {
          rag: action.ragOverride,
          reason: action.ragOverrideReason,
          by: action.ragOverrideBy,
          at: action.ragOverrideAt,
        };
  return { action: row, updates, override };
}
