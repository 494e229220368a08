// The answer scale every questionnaire uses: 1–5, Don't know and Not applicable, as stored.

/** Stored answer values: 1–5 as given, and these codes for the two non-numeric answers. */
export const DONT_KNOW = 8;
export const NOT_APPLICABLE = 9;
export type AnswerValue = 1 | 2 | 3 | 4 | 5 | typeof DONT_KNOW | typeof NOT_APPLICABLE;

/** Parses "1"–"5", "DK" or "NA" (as in forms and CSV imports) to a stored value. */
export function parseAnswer(raw: string): AnswerValue | undefined {
  const value = raw.trim().toUpperCase();
  if (value === 'DK') return DONT_KNOW;
  if (value === 'NA') return NOT_APPLICABLE;
  if (/^[1-5]$/.test(value)) return Number(value) as AnswerValue;
  return undefined;
}
