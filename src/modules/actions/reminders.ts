import { formatIso } from '../../kernel/date-rules.ts';
import type { IsoDate } from './calendar.ts';
import { staleness, type ActionStatus } from './rag.ts';
import { storedTarget } from './schemas.ts';
import { displayTargetDate } from './target-date.ts';

// Who gets the weekly reminder, and what it lists. Rules decided here:
// - Only a lead who is a user of the trust is reminded (a named person or team without an
//   account has no address); one who asked not to be reminded is left out before this.
// - An action is listed when it is open (neither complete nor dropped) and overdue (its
//   effective due day, the revised one if any, is before today) or stale (no progress update
//   for NO_UPDATE_DAYS days or more, counted from the last update or, if there has been none,
//   from the day it was added). One that is both is listed once, with both reasons.
// - A lead gets one email listing all of theirs, in plan order; a lead with none gets nothing.
// - "Once a week" is once per ISO week (Monday to Sunday, UTC), named like "2026-W14".

/** One action as the reminder query reads it: the action, and one user who leads it. */
export interface ReminderCandidate {
  actionId: string;
  number: string;
  /** numberSortKey of the number: plan order. */
  numberKey: string;
  title: string;
  status: ActionStatus;
  /** The stored target dates (TargetDate JSON), for showing. */
  target: unknown;
  revisedTarget: unknown;
  /** The effective due day: the revised target's if any, else the original's; null if none. */
  due: IsoDate | null;
  created: IsoDate;
  lastUpdate: IsoDate | null;
  userId: string;
  email: string;
  name: string;
}

export interface ReminderItem {
  actionId: string;
  number: string;
  title: string;
  /** The target date as the plan shows it ("31 March 2026", "July to September 2026"). */
  dueText: string | null;
  revised: boolean;
  /** Why it is listed: "Overdue since 31 March 2026", "No progress update for 97 days". */
  reasons: string[];
}

export interface LeadReminder {
  userId: string;
  email: string;
  name: string;
  items: ReminderItem[];
}

/** Why an open action is listed in its leads' reminders; empty when it is not. */
export function reminderReasons(
  action: Pick<ReminderCandidate, 'status' | 'due' | 'created' | 'lastUpdate'>,
  today: IsoDate,
): string[] {
  if (action.status === 'complete' || action.status === 'dropped') return [];
  const reasons: string[] = [];
  if (action.due !== null && action.due < today)
    reasons.push(`Overdue since ${formatIso(action.due)}`);
  const stale = staleness({ lastUpdate: action.lastUpdate, created: action.created, today });
  if (stale !== null) reasons.push(stale);
  return reasons;
}

function itemOf(candidate: ReminderCandidate, reasons: string[]): ReminderItem {
  const revised = storedTarget(candidate.revisedTarget);
  const shown = revised ?? storedTarget(candidate.target);
  return {
    actionId: candidate.actionId,
    number: candidate.number,
    title: candidate.title,
    dueText:
      shown !== null
        ? displayTargetDate(shown)
        : candidate.due === null
          ? null
          : formatIso(candidate.due),
    revised: revised !== null,
    reasons,
  };
}

/** The reminders to send: one per lead with at least one action listed, in plan order. */
export function leadReminders(candidates: ReminderCandidate[], today: IsoDate): LeadReminder[] {
  const sorted = [...candidates].sort((a, b) =>
    a.numberKey < b.numberKey ? -1 : a.numberKey > b.numberKey ? 1 : 0,
  );
  const byLead = new Map<string, LeadReminder & { seen: Set<string> }>();
  for (const candidate of sorted) {
    const reasons = reminderReasons(candidate, today);
    if (reasons.length === 0) continue;
    let lead = byLead.get(candidate.userId);
    if (lead === undefined) {
      lead = {
        userId: candidate.userId,
        email: candidate.email,
        name: candidate.name,
        items: [],
        seen: new Set(),
      };
      byLead.set(candidate.userId, lead);
    }
    if (lead.seen.has(candidate.actionId)) continue;
    lead.seen.add(candidate.actionId);
    lead.items.push(itemOf(candidate, reasons));
  }
  return [...byLead.values()].map(({ userId, email, name, items }) => ({
    userId,
    email,
    name,
    items,
  }));
}

/** The UTC calendar day of a moment. */
export const utcDay = (now: Date): IsoDate => now.toISOString().slice(0, 10);

/** The ISO week of a moment (UTC): "2026-W14". Weeks start on Monday; week 1 holds 4 January. */
export function isoWeek(now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = (day.getUTCDay() + 6) % 7;
  // The Thursday of the same week decides the year.
  day.setUTCDate(day.getUTCDate() - weekday + 3);
  const year = day.getUTCFullYear();
  const firstThursday = Date.UTC(year, 0, 4);
  const firstWeekday = (new Date(firstThursday).getUTCDay() + 6) % 7;
  const days = (day.getTime() - firstThursday) / 86_400_000;
  const week = 1 + Math.round((days - 3 + firstWeekday) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
