import type { Database } from '../../db/client.ts';
import type { BarInput } from '../charts/index.ts';
import type { FrameworkVersion } from '../framework/index.ts';
import { formatDate } from '../../web/views.ts';
import { daysBetween, openingStatus } from './dates.ts';
import { dailyCounts, listQuestionnaires, type DailyCountRow } from './repository.ts';
import { audienceName } from './service.ts';

// How a round's collection is going: each questionnaire with the days it has left and its
// responses, and the responses so far week by week. Built from the day each response was sent
// (responses store the day, never the time) and counted for the whole round only, so no
// figure here says more about anyone than the counts beside it.

export const NO_QUESTIONNAIRE = 'Not through a questionnaire (imported)';

export interface QuestionnaireLine {
  id: string | null;
  title: string;
  audience: string;
  opensOn: string | null;
  closesOn: string | null;
  /** "12 days left (closes on …)", "Closed on …", "Opens on …". */
  status: string;
  state: 'not-open' | 'open' | 'closed' | 'none';
  daysLeft: number | null;
  responses: number;
}

export interface TrendWeek {
  /** 1, 2, …: weeks of seven days from the first day counted. */
  number: number;
  from: string;
  to: string;
  label: string;
  added: number;
  total: number;
}

export interface Progress {
  questionnaires: QuestionnaireLine[];
  weeks: TrendWeek[];
}

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The responses so far, by week: from the first questionnaire's opening (or the first response,
 * if earlier; or the round's start) to today, or to the round's end once it is over (and at
 * least to the last response).
 */
export function weeklyTrend(
  rows: readonly DailyCountRow[],
  window: { startsOn: string; endsOn: string },
  today: string,
): TrendWeek[] {
  const days = rows.map((r) => r.day).sort();
  const first = [window.startsOn, days[0] ?? window.startsOn].sort()[0] ?? window.startsOn;
  const cap = today < window.endsOn ? today : window.endsOn;
  const lastDay = days.at(-1);
  const end = lastDay !== undefined && lastDay > cap ? lastDay : cap;
  if (end < first) return [];
  const count = Math.floor(daysBetween(first, end) / 7) + 1;
  const weeks: TrendWeek[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const from = addDays(first, i * 7);
    const to = addDays(from, 6);
    const added = rows.filter((r) => r.day >= from && r.day <= to).reduce((n, r) => n + r.n, 0);
    total += added;
    weeks.push({
      number: i + 1,
      from,
      to,
      label: `Week ${i + 1} (from ${formatDate(from)})`,
      added,
      total,
    });
  }
  return weeks;
}

export async function loadProgress(
  db: Database,
  trustId: string,
  round: { id: string; startsOn: string; endsOn: string },
  version: FrameworkVersion,
  today: string,
): Promise<Progress> {
  const [listed, daily] = await db.withTrust(trustId, (tx) =>
    Promise.all([listQuestionnaires(tx, round.id), dailyCounts(tx, round.id)]),
  );
  const questionnaires: QuestionnaireLine[] = listed.map(({ questionnaire: q, responses }) => {
    const status = openingStatus(q, today);
    return {
      id: q.id,
      title: q.title,
      audience: audienceName(version, q.audience),
      opensOn: q.opensOn,
      closesOn: q.closesOn,
      status: status.text,
      state: status.state,
      daysLeft: status.daysLeft,
      responses,
    };
  });
  const other = daily.filter((r) => r.questionnaireId === null).reduce((n, r) => n + r.n, 0);
  if (other > 0)
    questionnaires.push({
      id: null,
      title: NO_QUESTIONNAIRE,
      audience: '',
      opensOn: null,
      closesOn: null,
      status: '',
      state: 'none',
      daysLeft: null,
      responses: other,
    });
  const opening = listed.map((r) => r.questionnaire.opensOn).sort()[0] ?? round.startsOn;
  const closing =
    listed
      .map((r) => r.questionnaire.closesOn)
      .sort()
      .at(-1) ?? round.endsOn;
  return {
    questionnaires,
    weeks: weeklyTrend(daily, { startsOn: opening, endsOn: closing }, today),
  };
}

/** The total so far at the end of each week, as bars (top to bottom, first week first). */
export function trendBars(weeks: readonly TrendWeek[]): BarInput {
  return {
    id: 'responses-by-week',
    title: 'Responses so far, week by week',
    measure: 'Total responses at the end of each week',
    bars: weeks.map((w) => ({ label: w.label, value: w.total })),
    unit: 'count',
  };
}
