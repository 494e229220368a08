import type { FieldError } from '../../web/errors.ts';

// GOV.UK date inputs: three boxes (day, month, year) named <name>-day, <name>-month and
// <name>-year, read into an ISO date 'YYYY-MM-DD' or one error message.

export const DATE_PARTS = ['day', 'month', 'year'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

export interface DateInput {
  name: string;
  parts: Record<DatePart, string>;
  value: string | null;
  error: FieldError | null;
  /** The boxes to show with an error border. */
  highlight: DatePart[];
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Reads a date from a form body; label is the date's name in a sentence ("opening date"). */
export function readDate(body: Record<string, unknown>, name: string, label: string): DateInput {
  const parts = {} as Record<DatePart, string>;
  for (const part of DATE_PARTS) {
    const raw = body[`${name}-${part}`];
    parts[part] = typeof raw === 'string' ? raw.trim().slice(0, 20) : '';
  }
  const fail = (message: string, highlight: DatePart[]): DateInput => ({
    name,
    parts,
    value: null,
    error: { field: `${name}-${highlight[0] ?? 'day'}`, message },
    highlight,
  });
  const missing = DATE_PARTS.filter((part) => parts[part] === '');
  if (missing.length === 3) return fail(`Enter the ${label}`, [...DATE_PARTS]);
  if (missing.length > 0)
    return fail(`${capitalise(`the ${label}`)} must include a ${missing.join(' and ')}`, missing);
  const day = /^\d{1,2}$/.test(parts.day) ? Number(parts.day) : NaN;
  const month = /^\d{1,2}$/.test(parts.month) ? Number(parts.month) : NaN;
  if (!/^\d{4}$/.test(parts.year))
    return fail(`${capitalise(`the ${label}`)} must be a real date: the year must have 4 numbers`, [
      'year',
    ]);
  const year = Number(parts.year);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    Number.isNaN(date.getTime()) ||
    year < 2000 ||
    year > 2200 ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return fail(`${capitalise(`the ${label}`)} must be a real date`, [...DATE_PARTS]);
  return { name, parts, value: date.toISOString().slice(0, 10), error: null, highlight: [] };
}

/** The boxes of a stored date, for a form. */
export function dateParts(value: string): Record<DatePart, string> {
  const [year = '', month = '', day = ''] = value.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** The items for govukDateInput. */
export function dateItems(parts: Record<DatePart, string>, highlight: readonly DatePart[] = []) {
  return DATE_PARTS.map((part) => ({
    name: part,
    value: parts[part],
    classes: `${part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${
      highlight.includes(part) ? ' govuk-input--error' : ''
    }`,
  }));
}
