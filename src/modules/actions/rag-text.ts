import type { ActionStatus, Rag } from './rag.ts';

// Reading the RAG and Status columns of an imported action plan.
//
// parseRag: "R", "Red", "A", "Amber", "Yellow", "G", "Green", "C", "Complete", "Completed",
// "Done", "Blue" and "B" (in a BRAG scale blue means complete), "Not started", "NS", "Grey".
// A split rating ("Red/Amber", "A/G", "amber-green") counts as the worse of the two. An empty
// cell (or a dash) is no RAG set: the value is null and the suggestion applies.
//
// parseStatus: "Not started", "In progress", "Under way", "Started", "On track", "Ongoing",
// "Complete(d)", "Done", "Achieved", "Dropped", "Withdrawn", "Cancelled", "No longer required".
// An empty cell is null: the importer decides the status from the other columns.

export type TextResult<T> = { ok: true; value: T | null } | { ok: false; message: string };

const RAG_WORDS: Record<string, Rag> = {
  r: 'red',
  red: 'red',
  a: 'amber',
  amber: 'amber',
  yellow: 'amber',
  g: 'green',
  green: 'green',
  c: 'complete',
  complete: 'complete',
  completed: 'complete',
  done: 'complete',
  b: 'complete',
  blue: 'complete',
  'not started': 'not-started',
  'not yet started': 'not-started',
  ns: 'not-started',
  'n/s': 'not-started',
  grey: 'not-started',
  gray: 'not-started',
};

const WORSE: readonly Rag[] = ['red', 'amber', 'green'];

const tidy = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!]+$/, '');

const isEmpty = (text: string) => /^[\s\-–—.]*$/.test(text);

/** A RAG from an imported cell; null when the cell is empty. */
export function parseRag(text: string): TextResult<Rag> {
  const key = tidy(text);
  if (isEmpty(key)) return { ok: true, value: null };
  const whole = RAG_WORDS[key];
  if (whole) return { ok: true, value: whole };
  const pair = key.split(/\s*[/\-–]\s*|\s+(?:to|or)\s+/).map((part) => RAG_WORDS[part]);
  if (pair.length === 2 && pair.every((rag) => rag !== undefined && WORSE.includes(rag))) {
    const worst = WORSE.find((rag) => pair.includes(rag)) ?? 'amber';
    return { ok: true, value: worst };
  }
  return {
    ok: false,
    message: `"${text.trim()}" is not a RAG status — enter Red, Amber, Green, Complete or Not started`,
  };
}

const STATUS_WORDS: Record<string, ActionStatus> = {
  'not started': 'not-started',
  'not yet started': 'not-started',
  'not begun': 'not-started',
  planned: 'not-started',
  'in progress': 'in-progress',
  'in hand': 'in-progress',
  'under way': 'in-progress',
  underway: 'in-progress',
  started: 'in-progress',
  'on track': 'in-progress',
  ongoing: 'in-progress',
  'on-going': 'in-progress',
  open: 'in-progress',
  complete: 'complete',
  completed: 'complete',
  done: 'complete',
  achieved: 'complete',
  finished: 'complete',
  closed: 'complete',
  dropped: 'dropped',
  withdrawn: 'dropped',
  cancelled: 'dropped',
  'no longer required': 'dropped',
  superseded: 'dropped',
};

/** An action's status from an imported cell; null when the cell is empty. */
export function parseStatus(text: string): TextResult<ActionStatus> {
  const key = tidy(text);
  if (isEmpty(key)) return { ok: true, value: null };
  const status = STATUS_WORDS[key];
  if (status) return { ok: true, value: status };
  return {
    ok: false,
    message: `"${text.trim()}" is not a status — enter Not started, In progress, Complete or Dropped`,
  };
}
