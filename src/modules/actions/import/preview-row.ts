import type { IsoDate } from '../calendar.ts';
import type { ActionField } from '../headers.ts';
import { matchLeads, type KnownLead } from '../leads.ts';
import { parseActionNumber } from '../number.ts';
import type { ActionStatus, Rag } from '../rag.ts';
import { parseRag, parseStatus } from '../rag-text.ts';
import { findRevisedDate } from '../revised-date.ts';
import { displayTargetDate, type TargetDate } from '../target-date.ts';
import { parseTargetDate } from '../target-date-parse.ts';
import type { ImportedAction, LeadInput } from '../types.ts';
import type {
  PreviewLead,
  PreviewOptions,
  PreviewRow,
  PreviewValues,
  RowProblem,
} from './preview-types.ts';

// One row of an imported plan read into an action (the rules are in preview.ts).

export type RowCells = Partial<Record<ActionField, string>>;

type Read<T> = { value: T; problem?: RowProblem };

const problem = (field: ActionField, message: string): RowProblem => ({ field, message });

const candidateNames = (ids: readonly string[], known: readonly KnownLead[]) =>
  ids.map((id) => known.find((lead) => lead.id === id)?.name ?? id);

function readLeads(cell: string, known: readonly KnownLead[]): Read<PreviewLead[]> {
  const leads = matchLeads(cell, known).map(({ text, match }): PreviewLead => {
    if ('matched' in match) {
      const name = known.find((lead) => lead.id === match.matched)?.name ?? text;
      return { text, kind: 'user', userId: match.matched, name };
    }
    if ('unknown' in match) return { text, kind: 'named' };
    return { text, kind: 'ambiguous', candidates: candidateNames(match.candidates, known) };
  });
  const unclear = leads.find((lead) => lead.kind === 'ambiguous');
  if (!unclear) return { value: leads };
  const who = unclear.candidates.join(' and ');
  return {
    value: leads,
    problem: problem(
      'lead',
      `"${unclear.text}" could be ${who} — write the lead's full name or email address`,
    ),
  };
}

const leadInput = (lead: PreviewLead): LeadInput =>
  lead.kind === 'user' ? { userId: lead.userId } : { name: lead.text };

function readTarget(
  field: 'target' | 'revisedTarget',
  cell: string,
  today: IsoDate,
): Read<{ target: TargetDate | null; note: string | null }> {
  const result = parseTargetDate(cell, { today });
  if (!result.ok) {
    const none = { target: null, note: null };
    return result.reason === 'empty'
      ? { value: none }
      : { value: none, problem: problem(field, result.message) };
  }
  const note = [result.assumed, result.remark].filter((part) => part !== undefined).join('; ');
  return { value: { target: result.value, note: note === '' ? null : note } };
}

/** The sentence of `text` holding `phrase` (whitespace made single), or the line holding it. */
export function sentenceWith(text: string, phrase: string): string {
  const line =
    text
      .split('\n')
      .map((part) => part.replace(/\s+/g, ' ').trim())
      .find((part) => part.includes(phrase)) ?? phrase;
  const at = line.indexOf(phrase);
  const before = line.slice(0, at);
  const start = Math.max(...[...before.matchAll(/[.!?]\s/g)].map((m) => m.index + 2), 0);
  const end = /[.!?](?=\s|$)/.exec(line.slice(at + phrase.length));
  return line.slice(start, end ? at + phrase.length + end.index + 1 : line.length).trim();
}

const WORDS_OF_A_DATE = 4;

/** The day a progress text starts with ("12/10/2009: …"), when it is not after today. */
function leadingDay(text: string, today: IsoDate): IsoDate | null {
  const words = text.split(/\s+/, WORDS_OF_A_DATE);
  for (let count = words.length; count > 0; count -= 1) {
    const head = words
      .slice(0, count)
      .join(' ')
      .replace(/[\s:,;.\-–—]+$/, '');
    if (!/\d/.test(head)) continue;
    const result = parseTargetDate(head, { today });
    if (result.ok && result.value.kind === 'day' && !result.assumed && !result.remark) {
      return result.value.date <= today ? result.value.date : null;
    }
  }
  return null;
}

interface Revision {
  revised: TargetDate | null;
  reason: string;
}

function readRevision(cells: RowCells, target: TargetDate | null, today: IsoDate): Read<Revision> {
  const progress = cells.progress ?? '';
  const found = findRevisedDate(progress, { today });
  const reason = found ? sentenceWith(progress, found.phrase) : progress.trim();
  const column = readTarget('revisedTarget', cells.revisedTarget ?? '', today);
  const revised = column.value.target ?? (column.problem ? null : (found?.value ?? null));
  if (column.problem) return { value: { revised: null, reason: '' }, problem: column.problem };
  const same = revised && target && displayTargetDate(revised) === displayTargetDate(target);
  if (!revised || same) return { value: { revised: null, reason: '' } };
  if (reason === '') {
    const message =
      'Say why the target date was revised in the progress, or leave the revised target date empty';
    return { value: { revised, reason }, problem: problem('revisedTarget', message) };
  }
  return { value: { revised, reason } };
}

function readStatus(cells: RowCells, rag: Rag | null): Read<ActionStatus> {
  const read = parseStatus(cells.status ?? '');
  if (!read.ok) return { value: 'not-started', problem: problem('status', read.message) };
  if (read.value) return { value: read.value };
  if (rag === 'complete' || rag === 'not-started') return { value: rag };
  return { value: (cells.progress ?? '').trim() === '' ? 'not-started' : 'in-progress' };
}

function readNumber(cells: RowCells, assigned: string | null): Read<string> {
  if (assigned !== null) return { value: assigned };
  const read = parseActionNumber(cells.number ?? '');
  return read.ok
    ? { value: read.value.text }
    : { value: (cells.number ?? '').trim(), problem: problem('number', read.message) };
}

const TITLE_MESSAGE = 'Enter the action — this row has no text in the action column';

/** What the rows of one table share: the options, and each lead cell as already read. */
export interface RowContext {
  options: PreviewOptions;
  /** Plans name the same leads on many rows: each distinct cell is matched once. */
  leadCells: Map<string, Read<PreviewLead[]>>;
}

export const rowContext = (options: PreviewOptions): RowContext => ({
  options,
  leadCells: new Map(),
});

function leadsOf(cell: string, context: RowContext): Read<PreviewLead[]> {
  let read = context.leadCells.get(cell);
  if (!read) {
    read = readLeads(cell, context.options.known);
    context.leadCells.set(cell, read);
  }
  return { ...read, value: read.value.map((lead) => ({ ...lead })) };
}

/**
 * One row read: `assigned` is its number when the table has no number column. The caller adds
 * the problems that need the whole table (numbers used twice) and then sets `item`.
 */
export function readRow(
  line: number,
  cells: readonly string[],
  fields: RowCells,
  assigned: string | null,
  context: RowContext,
): PreviewRow {
  const { options } = context;
  const { today } = options;
  const number = readNumber(fields, assigned);
  const title = (fields.title ?? '').trim();
  const leads = leadsOf(fields.lead ?? '', context);
  const target = readTarget('target', fields.target ?? '', today);
  const revision = readRevision(fields, target.value.target, today);
  const rag = parseRag(fields.rag ?? '');
  const ragValue = rag.ok ? rag.value : null;
  const status = readStatus(fields, ragValue);
  const progress = (fields.progress ?? '').trim();
  const progressDate = progress === '' ? null : (leadingDay(progress, today) ?? today);
  const problems = [
    number.problem,
    title === '' ? problem('title', TITLE_MESSAGE) : undefined,
    leads.problem,
    target.problem,
    revision.problem,
    rag.ok ? undefined : problem('rag', rag.message),
    status.problem,
  ].filter((found) => found !== undefined);
  const values: PreviewValues = {
    number: number.value,
    title,
    leads: leads.value,
    target: target.value.target ? displayTargetDate(target.value.target) : null,
    targetNote: target.value.note,
    revisedTarget: revision.value.revised ? displayTargetDate(revision.value.revised) : null,
    revisedReason: revision.value.reason,
    progress,
    progressDate,
    rag: ragValue,
    status: status.value,
    successMeasure: (fields.successMeasure ?? '').trim(),
  };
  const item =
    problems.length > 0
      ? null
      : toItem(line, values, target.value.target, revision.value.revised, options);
  return { line, cells: [...cells], values, problems, item };
}

/** The action a row without problems becomes. */
function toItem(
  line: number,
  values: PreviewValues,
  target: TargetDate | null,
  revisedTarget: TargetDate | null,
  options: PreviewOptions,
): ImportedAction {
  const { progress, progressDate, status } = values;
  const authorName = options.authorName ?? '';
  return {
    line,
    number: values.number,
    title: values.title,
    description: '',
    frameworkVersion: options.frameworkVersion ?? null,
    areas: [],
    dimensions: [],
    focusAreaId: null,
    roundId: null,
    leads: values.leads.map(leadInput),
    partners: '',
    target,
    revisedTarget,
    revisedReason: values.revisedReason,
    successMeasure: values.successMeasure,
    status,
    updates:
      progressDate === null
        ? []
        : [{ updatedOn: progressDate, text: progress, status, authorName }],
    rag: values.rag,
  };
}
