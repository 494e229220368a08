import { dueDate, startDate, type TargetDate } from './target-date.ts';
import { DAY_RECOGNISERS } from './target-date-days.ts';
import { PERIOD_RECOGNISERS } from './target-date-periods.ts';
import {
  impossible,
  normalise,
  stripLeadIns,
  type ParseOptions,
  type Recognised,
} from './target-date-words.ts';

// parseTargetDate: a target date as councils write it in an action plan's "Target date"
// column, read into a TargetDate, or refused with a message that says what to enter instead.
//
// Besides the days, months, quarters, seasons and years of target-date-days.ts and
// target-date-periods.ts, it reads:
// - "Ongoing", "on-going", "continuous", with any remark after it kept apart ("ongoing -
//   reviewed annually" is ongoing, remark "reviewed annually"), and "March 2010 onwards",
//   "from March 2010", "Ongoing from March 2010", "Dec 09 and ongoing" as ongoing from then;
// - a range of any two dates ("1st Oct 2009 - 31st Mar 2010", "2009 to 2012"), due at its end;
// - a date followed by a remark in brackets or a word like "tbc" ("March 2010 (tbc)"): the
//   date, with the remark kept apart;
// - lead-in words: "by", "end of", "by the end of", "due", "deadline:", a day of the week.
// "TBC", "to be confirmed", "?" and the like are refused as to be confirmed, an empty cell or
// a dash as empty. `assumed` says when the year was taken from `today` or a range's end used.
//
// Two rules decided elsewhere apply throughout: two-digit years are 2000–2069 for 00–69 and
// 1970–1999 for 70–99 (calendar.ts); a date without a year takes `defaultYear`, else the
// first year in which it is due on or after `today` (target-date-words.ts). Quarters are
// calendar quarters unless a financial year is written (target-date-periods.ts).

export type TargetDateFailure = {
  ok: false;
  reason: 'empty' | 'to-be-confirmed' | 'impossible' | 'not-understood';
  message: string;
};
export type TargetDateResult =
  { ok: true; value: TargetDate; assumed?: string; remark?: string } | TargetDateFailure;

export type { ParseOptions };

export const EMPTY_TARGET_MESSAGE =
  "Enter a target date — a date, month, quarter, year or 'ongoing'";
export const TBC_TARGET_MESSAGE =
  "Target date to be confirmed — enter a date, month, quarter, year or 'ongoing'";
const notUnderstood = (original: string) =>
  `"${original}" is not a target date we understand — enter a date (31/12/2009), month ` +
  `(December 2009), quarter (Q3 2010), year (2011) or 'ongoing'`;

const EMPTY = /^[\s\-.]*$/;
const TO_BE_CONFIRMED =
  /^(?:dates?\s+)?(?:tbc|tba|tbd|t\.b\.[cad]\.?|unknown|not (?:yet )?known|to be (?:confirmed|agreed|decided|determined|arranged|set|advised))\b|^\?+$/;
const ONGOING = /^(?:on-?\s?going|continuous(?:ly)?|continuing|continual)\b[\s,;:.\-()]*(.*)$/;
const FROM = /^(?:from|since|starting(?:\s+from)?|beginning|commencing)\s+(.+?)(?:\s+onwards?)?$/;
const ONWARDS = /^(.+?)\s+onwards?$/;
const THEN_ONGOING =
  /^(.+?)\s*(?:-|\band\b|\bthen\b|&|,|\/|\()\s*(?:then\s+)?on-?\s?going\)?[\s,;:.-]*(.*)$/;
const RANGE = /^(.+?)\s*(?:-|\bto\b|\buntil\b|\btill\b)\s*(.+)$/;
const REMARK =
  /^(.+?)\s*(?:\(([^()]*)\)|[-,]?\s*\b(tbc|provisional|approx\.?|approximately|estimated))$/;

/** A range of two dates: due at the end of the second. */
function range(text: string, options: ParseOptions): Recognised | null {
  const m = RANGE.exec(text);
  if (!m) return null;
  const [from, to] = [readDated(m[1] ?? '', options, false), readDated(m[2] ?? '', options, false)];
  if (!from || !to || !('value' in from)) return null;
  if (!('value' in to)) return to;
  if ((dueDate(to.value) ?? '') < startDate(from.value)) {
    return impossible('the range ends before it starts');
  }
  return { value: to.value, assumed: 'the end of the range taken as the target' };
}

/** A day, month, quarter, season or year (no "ongoing"), or null when the text is none. */
function readDated(text: string, options: ParseOptions, ranges = true): Recognised | null {
  const tidy = stripLeadIns(text);
  for (const recognise of [...DAY_RECOGNISERS, ...PERIOD_RECOGNISERS]) {
    const found = recognise(tidy, options);
    if (found) return found;
  }
  return ranges ? range(tidy, options) : null;
}

/** The same stretch of the text as the user wrote it (case kept), for remarks. */
function asWritten(written: string, normalised: string, part: string): string {
  if (written.length !== normalised.length) return part;
  const at = normalised.lastIndexOf(part);
  return at < 0 ? part : written.slice(at, at + part.length);
}

type Reading =
  | { value: TargetDate; assumed?: string; remark?: string }
  | { problem: string; reason: 'impossible' | 'not-understood' }
  | null;

const tidyRemark = (text: string) => text.replace(/^\(|\)$/g, '').trim();

/** Ongoing from the date in `fromText`, or null when that is not a date. */
function ongoingFrom(fromText: string, remark: string, options: ParseOptions): Reading {
  const start = readDated(fromText, options);
  if (!start || 'problem' in start) return start;
  const rest = tidyRemark(remark);
  return {
    value: { kind: 'ongoing', from: start.value },
    ...(start.assumed ? { assumed: start.assumed } : {}),
    ...(rest ? { remark: rest } : {}),
  };
}

function readOngoing(text: string, options: ParseOptions): Reading {
  const ongoing = ONGOING.exec(text);
  if (ongoing) {
    const rest = tidyRemark(ongoing[1] ?? '');
    const from = FROM.exec(rest);
    if (from) return ongoingFrom(from[1] ?? '', '', options);
    return { value: { kind: 'ongoing' }, ...(rest ? { remark: rest } : {}) };
  }
  const from = FROM.exec(text) ?? ONWARDS.exec(text);
  if (from) return ongoingFrom(from[1] ?? '', '', options);
  const then = THEN_ONGOING.exec(text);
  return then ? ongoingFrom(then[1] ?? '', then[2] ?? '', options) : null;
}

function readWithRemark(text: string, options: ParseOptions): Reading {
  const found = readDated(text, options);
  if (found) return found;
  const m = REMARK.exec(text);
  const head = m?.[1];
  if (head === undefined || /financial|\bfy\b/.test(m?.[2] ?? '')) return null;
  const inner = readDated(head, options);
  if (!inner || 'problem' in inner) return inner;
  return { ...inner, remark: tidyRemark(m?.[2] ?? m?.[3] ?? '') };
}

/**
 * Reads a target date. `today` (or `defaultYear`) places a date written without a year;
 * without either, such a date is refused.
 */
export function parseTargetDate(text: string, options: ParseOptions = {}): TargetDateResult {
  const written = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const normalised = normalise(text);
  if (EMPTY.test(normalised)) return { ok: false, reason: 'empty', message: EMPTY_TARGET_MESSAGE };
  if (TO_BE_CONFIRMED.test(normalised)) {
    return { ok: false, reason: 'to-be-confirmed', message: TBC_TARGET_MESSAGE };
  }
  const found = readOngoing(normalised, options) ?? readWithRemark(normalised, options);
  if (!found) return { ok: false, reason: 'not-understood', message: notUnderstood(written) };
  if ('problem' in found) {
    return { ok: false, reason: found.reason, message: `"${written}" ${found.problem}` };
  }
  const remark = found.remark ? asWritten(written, normalised, found.remark) : undefined;
  return {
    ok: true,
    value: found.value,
    ...(found.assumed ? { assumed: found.assumed } : {}),
    ...(remark ? { remark } : {}),
  };
}
