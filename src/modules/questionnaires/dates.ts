import type { FieldError } from '../../kernel/errors.ts';
import { formatDate } from '../../web/views.ts';

// The date rules of a questionnaire and its links, shared by the pages and the API: a
// questionnaire is open within its round's dates, and its links can be made active only once
// the round is collecting responses. Dates are ISO days ('YYYY-MM-DD'), so they compare as text.

export interface RoundDates {
  startsOn: string;
  endsOn: string;
}

/**
 * What is wrong with a questionnaire's opening and closing dates, given its round's dates;
 * fields `opens` and `closes`. A date that is null (not validly given) is not judged. Opening
 * and closing on the same day is allowed: the closing date is the last day people can answer.
 */
export function questionnaireDateErrors(
  dates: { opensOn: string | null; closesOn: string | null },
  round: RoundDates,
): FieldError[] {
  const errors: FieldError[] = [];
  const { opensOn, closesOn } = dates;
  const starts = formatDate(round.startsOn);
  const ends = formatDate(round.endsOn);
  if (opensOn !== null && opensOn < round.startsOn)
    errors.push({
      field: 'opens',
      message: `The opening date must be on or after the day the round starts, ${starts}`,
    });
  else if (opensOn !== null && opensOn > round.endsOn)
    errors.push({
      field: 'opens',
      message: `The opening date must be on or before the day the round ends, ${ends}`,
    });
  if (opensOn !== null && closesOn !== null && closesOn < opensOn)
    errors.push({
      field: 'closes',
      message: 'The closing date must be the same as or after the opening date',
    });
  else if (closesOn !== null && closesOn > round.endsOn)
    errors.push({
      field: 'closes',
      message: `The closing date must be on or before the day the round ends, ${ends}`,
    });
  else if (closesOn !== null && closesOn < round.startsOn)
    errors.push({
      field: 'closes',
      message: `The closing date must be on or after the day the round starts, ${starts}`,
    });
  return errors;
}

/** Why a link cannot be made active (created or reopened) in a round of this status, or null. */
export function linksBlockedReason(roundStatus: string): string | null {
  return roundStatus === 'planning'
    ? 'Links cannot be opened while the round is still being planned. Start collecting responses first: on the round’s page, change its status to “Collecting responses”.'
    : null;
}

/** Today in the UK, as 'YYYY-MM-DD'. */
export function todayInUk(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}

/** Whole days from one ISO day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Where a questionnaire stands today: not open yet, open with days left, or closed. */
export function openingStatus(
  q: { opensOn: string; closesOn: string },
  today: string,
): { state: 'not-open' | 'open' | 'closed'; text: string; daysLeft: number | null } {
  if (today < q.opensOn)
    return { state: 'not-open', text: `Opens on ${formatDate(q.opensOn)}`, daysLeft: null };
  if (today > q.closesOn)
    return { state: 'closed', text: `Closed on ${formatDate(q.closesOn)}`, daysLeft: null };
  // The closing day itself is a day to answer: closing today leaves 1 day, today.
  const daysLeft = daysBetween(today, q.closesOn) + 1;
  const text =
    daysLeft === 1
      ? `Closes today (${formatDate(q.closesOn)})`
      : `${daysLeft} days left (closes on ${formatDate(q.closesOn)})`;
  return { state: 'open', text, daysLeft };
}
