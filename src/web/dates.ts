import { z } from 'zod';
import type { FieldError } from '../kernel/errors.ts';
import { errorView } from './forms.ts';
import { formatDate } from './views.ts';

// The GOV.UK date input pattern: three text boxes (day, month, year) named <field>-day,
// <field>-month and <field>-year, checked here and stored as 'YYYY-MM-DD'.

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

const PARTS = ['day', 'month', 'year'] as const;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
export const EARLIEST_YEAR = 1990;
export const LATEST_YEAR = 2100;

/** Gathers the three boxes of each date field of a form body into { day, month, year }. */
export function withDateParts(
  body: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const field of fields) {
    const parts: DateParts = { day: '', month: '', year: '' };
    for (const part of PARTS) {
      const value = body[`${field}-${part}`];
      parts[part] = typeof value === 'string' ? value.trim() : '';
    }
    out[field] = parts;
  }
  return out;
}

/** The boxes' values for a stored date, to fill in a form. */
export function isoToParts(iso: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (match === null) return { day: '', month: '', year: '' };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] ?? '' };
}

/** Form values (field-day, field-month, field-year) for stored dates. */
export function dateValues(dates: Record<string, string | null | undefined>) {
  const out: Record<string, string> = {};
  for (const [field, iso] of Object.entries(dates)) {
    const parts = isoToParts(iso);
    for (const part of PARTS) out[`${field}-${part}`] = parts[part];
  }
  return out;
}

function monthNumber(raw: string): number | undefined {
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const word = raw.toLowerCase();
  if (word.length < 3) return undefined;
  const index = MONTHS.findIndex((m) => m.startsWith(word));
  return index === -1 ? undefined : index + 1;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function joinParts(parts: string[]): string {
  return parts.length === 1
    ? (parts[0] ?? '')
    : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export type DateCheck = { ok: true; value: string | null } | { ok: false; message: string };

/** Checks the three boxes of a date; all three blank is `{ ok: true, value: null }`. */
export function checkDateParts(parts: DateParts, label: string): DateCheck {
  const Label = capitalise(label);
  const real = { ok: false as const, message: `${Label} must be a real date` };
  const missing = PARTS.filter((p) => parts[p] === '');
  if (missing.length === 3) return { ok: true, value: null };
  if (missing.length > 0)
    return { ok: false, message: `${Label} must include a ${joinParts(missing)}` };
  if (!/^\d{1,2}$/.test(parts.day)) return real;
  const month = monthNumber(parts.month);
  if (month === undefined || !/^\d+$/.test(parts.year)) return real;
  if (parts.year.length !== 4)
    return { ok: false, message: `${Label} must include a year with 4 numbers, like 2026` };
  const year = Number(parts.year);
  const day = Number(parts.day);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return real;
  if (year < EARLIEST_YEAR || year > LATEST_YEAR)
    return { ok: false, message: `${Label} must be between ${EARLIEST_YEAR} and ${LATEST_YEAR}` };
  const pad = (n: number) => String(n).padStart(2, '0');
  return { ok: true, value: `${parts.year}-${pad(month)}-${pad(day)}` };
}

const partsSchema = (label: string) =>
  z.object(
    { day: z.string(), month: z.string(), year: z.string() },
    { error: `Enter the ${label}` },
  );

/** A required date from the three boxes, with GOV.UK messages; `label` like "start date". */
export function dateInput(label: string) {
  return partsSchema(label).transform((parts, ctx): string => {
    const result = checkDateParts(parts, label);
    if (result.ok && result.value !== null) return result.value;
    ctx.addIssue({ code: 'custom', message: result.ok ? `Enter the ${label}` : result.message });
    return z.NEVER;
  });
}

/** An optional date from the three boxes: all three blank is null. */
export function optionalDateInput(label: string) {
  return partsSchema(label).transform((parts, ctx): string | null => {
    const result = checkDateParts(parts, label);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });
}

/** A 'YYYY-MM-DD' date in the API, in the same range as the form accepts. */
export function isoDate(label: string) {
  const Label = capitalise(label);
  return z
    .string({ error: `Enter the ${label} as YYYY-MM-DD` })
    .pipe(z.iso.date(`${Label} must be a real date in the format YYYY-MM-DD`))
    .refine((value) => {
      const year = Number(value.slice(0, 4));
      return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
    }, `${Label} must be between ${EARLIEST_YEAR} and ${LATEST_YEAR}`);
}

/** Options for a refinement that runs only when both dates parsed. */
export function whenBothDates(start: string, end: string) {
  return {
    path: [end],
    when: (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
      !payload.issues.some((issue) => issue.path?.[0] === start || issue.path?.[0] === end),
  };
}

/**
 * The error view for a form with date inputs: a date's summary link goes to its first box
 * (the boxes' ids are <field>-day, -month and -year).
 */
export function formErrors(errors: FieldError[], dateFields: readonly string[] = []) {
  const view = errorView(errors);
  return {
    ...view,
    errorList: view.errorList.map((item, i) => {
      const field = errors[i]?.field ?? '';
      return dateFields.includes(field) ? { ...item, href: `#${field}-day` } : item;
    }),
  };
}

/** "1 April 2026 to 29 May 2026", or one date when there is no end or it is the same day. */
export function formatPeriod(start: string, end: string | null): string {
  if (end === null || end === start) return formatDate(start);
  return `${formatDate(start)} to ${formatDate(end)}`;
}

// ---- A date read on its own, with the boxes to highlight (for forms that check by hand) ----

export const DATE_PARTS = PARTS;
export type DatePart = (typeof PARTS)[number];

export interface DateInput {
  name: string;
  parts: DateParts;
  value: string | null;
  error: FieldError | null;
  /** The boxes to show with an error border. */
  highlight: DatePart[];
}

/** Reads a required date from a form body; label is the date's name in a sentence ("opening date"). */
export function readDate(body: Record<string, unknown>, name: string, label: string): DateInput {
  const parts = (withDateParts(body, [name])[name] ?? {}) as DateParts;
  for (const part of PARTS) parts[part] = parts[part].slice(0, 20);
  const result = checkDateParts(parts, label);
  if (result.ok && result.value !== null)
    return { name, parts, value: result.value, error: null, highlight: [] };
  const missing = PARTS.filter((part) => parts[part] === '');
  const highlight: DatePart[] =
    missing.length > 0 && missing.length < 3
      ? missing
      : !result.ok && result.message.includes('year')
        ? ['year']
        : [...PARTS];
  const message = result.ok ? `Enter the ${label}` : result.message;
  return {
    name,
    parts,
    value: null,
    error: { field: `${name}-${highlight[0] ?? 'day'}`, message },
    highlight,
  };
}

/** The items for govukDateInput, with error borders on the highlighted boxes. */
export function dateItems(parts: DateParts, highlight: readonly DatePart[] = []) {
  return PARTS.map((part) => ({
    name: part,
    value: parts[part],
    classes: `${part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${
      highlight.includes(part) ? ' govuk-input--error' : ''
    }`,
  }));
}
