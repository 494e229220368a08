import { formatIso } from '../../kernel/date-rules.ts';
import { daysBetween, type IsoDate } from './calendar.ts';
import { dueDate, type TargetDate } from './target-date.ts';

// The RAG status an action plan suggests from dates (SPEC §6), and how each RAG is shown.
//
// In order, the first that applies:
// 1. A dropped action has no RAG (null): it is shown by its status, "Dropped", alone.
// 2. Complete if its status is complete.
// 3. Red if it is past its effective target date (the revised one if any, else the original):
//    due before today. Due today is not past.
// 4. Amber if it is due within 30 days (today up to and including the 30th day from today).
// 5. Not started if its status is not started: an action not yet begun is shown so, however
//    long ago it was added, until its date comes within 30 days or passes (then amber or red:
//    a late start is a risk worth seeing).
// 6. Amber if it has had no progress update for 90 days or more: counted from the last
//    update, or from when the action was added if it has never had one.
// 7. Green otherwise.
// Ongoing work (no target date) is never red or amber by date, only by the 90 days rule.
// People may set a RAG of their own; shownRag gives what a page or report shows.

export type ActionStatus = 'not-started' | 'in-progress' | 'complete' | 'dropped';
export type Rag = 'complete' | 'red' | 'amber' | 'green' | 'not-started';

export const DUE_SOON_DAYS = 30;
export const NO_UPDATE_DAYS = 90;

export interface RagInput {
  status: ActionStatus;
  /** The effective target date's due day (see effectiveDue); null for ongoing work. */
  due: IsoDate | null;
  /** The day of the last progress update, or null if there has been none. */
  lastUpdate: IsoDate | null;
  /** The day the action was added to the plan. */
  created: IsoDate;
  today: IsoDate;
}

/** The day an action is due: by its revised target date when it has one, else the original. */
export function effectiveDue(
  target: TargetDate | null,
  revised: TargetDate | null = null,
): IsoDate | null {
  const effective = revised ?? target;
  return effective ? dueDate(effective) : null;
}

/** Why an action counts as stale (no progress update for NO_UPDATE_DAYS days or more), or null. */
export function staleness(
  input: Pick<RagInput, 'lastUpdate' | 'created' | 'today'>,
): string | null {
  const since = input.lastUpdate ?? input.created;
  const days = daysBetween(since, input.today);
  if (days < NO_UPDATE_DAYS) return null;
  return input.lastUpdate
    ? `No progress update for ${days} days`
    : `No progress update in the ${days} days since it was added`;
}

/** The suggested RAG and the reason for it, in words a page can show beside it. */
export function assessRag(input: RagInput): { rag: Rag | null; reason: string } {
  const { status, due, today } = input;
  if (status === 'dropped') return { rag: null, reason: 'Dropped: no RAG status' };
  if (status === 'complete') return { rag: 'complete', reason: 'Complete' };
  if (due !== null && due < today) {
    return { rag: 'red', reason: `Past its target date of ${formatIso(due)}` };
  }
  if (due !== null && daysBetween(today, due) <= DUE_SOON_DAYS) {
    const when = due === today ? 'today' : `within ${DUE_SOON_DAYS} days, on ${formatIso(due)}`;
    return { rag: 'amber', reason: `Due ${when}` };
  }
  if (status === 'not-started') return { rag: 'not-started', reason: 'Not started' };
  const stale = staleness(input);
  if (stale) return { rag: 'amber', reason: stale };
  return {
    rag: 'green',
    reason: due === null ? 'On track: ongoing' : `On track: due on ${formatIso(due)}`,
  };
}

/** The RAG the dates suggest (null for a dropped action). */
export const suggestRag = (input: RagInput): Rag | null => assessRag(input).rag;

/** What is shown: the RAG a person set, if any, else the suggestion; and whether it differs. */
export function shownRag(
  suggested: Rag | null,
  set: Rag | null,
): { rag: Rag | null; overridden: boolean } {
  if (set === null) return { rag: suggested, overridden: false };
  return { rag: set, overridden: set !== suggested };
}

export interface RagTag {
  /** The words, always shown: colour is never the only sign. */
  text: string;
  /** The GOV.UK tag classes. */
  classes: string;
}

export const RAG_TAGS: Readonly<Record<Rag, RagTag>> = {
  red: { text: 'Red', classes: 'govuk-tag govuk-tag--red' },
  amber: { text: 'Amber', classes: 'govuk-tag govuk-tag--yellow' },
  green: { text: 'Green', classes: 'govuk-tag govuk-tag--green' },
  complete: { text: 'Complete', classes: 'govuk-tag govuk-tag--blue' },
  'not-started': { text: 'Not started', classes: 'govuk-tag govuk-tag--grey' },
};

export const ragTag = (rag: Rag): RagTag => RAG_TAGS[rag];

/** The label alone: "Red", "Amber", "Green", "Complete", "Not started". */
export const ragLabel = (rag: Rag): string => RAG_TAGS[rag].text;
