import { actionsProgress } from '../actions/index.ts';
import type { Database } from '../../db/client.ts';
import { formatPeriod } from '../../web/dates.ts';
import { pageTable, type PageTable } from '../../web/page-table.ts';
import type { UserTrust } from '../../web/session.ts';
import type { AnalysisService } from '../analysis/index.ts';
import { loadMonitoring, percent, trustSectors, type Monitoring } from '../questionnaires/index.ts';
import {
  canDo,
  CLOSED_STATUSES,
  listRounds,
  loadRound,
  roundCounts,
  roundTasks,
  statusTag,
  type RoundCounts,
  type RoundListRow,
  type RoundScope,
  type Task,
} from '../rounds/index.ts';
import { plural } from './setup.ts';

// The rounds on a trust's home page: the current round with its responses, response rate,
// position and next step, and the latest round whose results are released. Every figure
// comes from the modules that own it: monitoring from questionnaires, scores (withheld where
// they must be) from analysis, the task list from rounds.

type RoundScores = Awaited<ReturnType<AnalysisService['roundScores']>>;

export interface Link {
  text: string;
  href: string;
}

export interface StageLine {
  stage: string;
  dimensions: string;
}

export interface RoundCard {
  id: string;
  title: string;
  href: string;
  tag: { text: string; classes: string };
  period: string;
  responses: string;
  /** The response rate against known headcount, in words; null if no headcount is known. */
  rate: string | null;
  /** Results released: the dimensions at each stage; null before the first release. */
  position: { responses: string; stages: StageLine[]; notKnown: string | null } | null;
  /** Why there is no position yet. */
  positionNote: string;
  next: Link | null;
  analysis: Link;
  /** The focus groups and analysis workshops recorded, in words. */
  recorded: string;
  /** The analysis page of each area of the round's framework version. */
  areas: Link[];
  counts: RoundCounts;
}

/** The round a trust is working on: the newest not yet reported, else the newest. */
export function currentRound(rounds: readonly RoundListRow[]): RoundListRow | undefined {
  return rounds.find((r) => r.status !== 'reported') ?? rounds[0];
}

/** Responses from sectors whose headcount is known, against that headcount. */
export function responseRate(m: Monitoring): string | null {
  const known = m.sectors.filter((s) => s.key !== null && s.headcount !== null && s.headcount > 0);
  if (known.length === 0) return null;
  const count = known.reduce((sum, s) => sum + s.count, 0);
  const headcount = known.reduce((sum, s) => sum + (s.headcount ?? 0), 0);
  const scope =
    known.length === m.sectors.filter((s) => s.key !== null).length
      ? 'the headcount'
      : `the headcount of the ${plural(known.length, 'sector')} where it is known`;
  // The monitoring page's own overall rate, so that the two pages never differ.
  return `${percent(m.overallRate ?? count / headcount)} of ${scope}: ${plural(count, 'response')} from a headcount of ${headcount.toLocaleString('en-GB')}`;
}

/** How many dimensions are at each stage by their agreed position; null before a release. */
export function positionOf(scores: RoundScores, scope: RoundScope): RoundCard['position'] {
  if (scores.release === null || scores.release === undefined) return null;
  const stages = scope.version.stages
    .map((stage) => ({
      stage: `stage ${stage.number} (${stage.name})`,
      count: scores.agreed.filter((a) => a.stage === stage.number).length,
    }))
    .filter((line) => line.count > 0)
    .map((line) => ({ stage: line.stage, dimensions: plural(line.count, 'dimension') }));
  const unknown = scores.agreed.filter((a) => a.stage === null).length;
  return {
    responses: plural(scores.release.responses, 'response'),
    stages,
    notKnown: unknown === 0 ? null : plural(unknown, 'dimension'),
  };
}

/** The first step of the round's task list that is not completed and can be opened. */
export function nextTask(tasks: readonly Task[]): Link | null {
  const task = tasks.find(
    (t) => t.href !== undefined && !('text' in t.status && t.status.text === 'Completed'),
  );
  return task?.href === undefined ? null : { text: task.title.text, href: task.href };
}

/** What a role is offered as the round's next step. */
function nextFor(trust: UserTrust, base: string, tasks: readonly Task[]): Link | null {
  if (canDo(trust, ['trust-admin'])) return nextTask(tasks);
  if (canDo(trust, ['contributor']))
    return { text: 'Record focus groups and workshops', href: `${base}/workshops` };
  return null;
}

export async function roundCard(
  db: Database,
  analysis: AnalysisService,
  trust: UserTrust,
  roundId: string,
): Promise<RoundCard | undefined> {
  const loaded = await db.withTrust(trust.id, async (tx) => {
    const scope = await loadRound(tx, roundId);
    if (scope === undefined) return undefined;
    return {
      scope,
      counts: await roundCounts(tx, roundId),
      actions: await actionsProgress(tx, roundId),
      scores: await analysis.roundScores(tx, scope),
    };
  });
  if (loaded === undefined) return undefined;
  const { scope, counts, actions, scores } = loaded;
  const { round, version } = scope;
  const monitoring = await loadMonitoring(
    db,
    trust.id,
    round.id,
    version,
    await trustSectors(db, trust.id),
  );
  const href = `/trusts/${trust.slug}/rounds/${round.id}`;
  return {
    id: round.id,
    title: round.title,
    href,
    tag: statusTag(round.status),
    period: formatPeriod(round.startsOn, round.endsOn),
    responses: `${plural(monitoring.total, 'response')} so far`,
    rate: responseRate(monitoring),
    position: positionOf(scores, scope),
    positionNote: CLOSED_STATUSES.includes(round.status)
      ? 'No results released yet.'
      : 'Results are released once collection closes.',
    next: nextFor(trust, href, roundTasks(href, round.status, counts, actions)),
    analysis: { text: `Where the partnership stands: ${round.title}`, href: `${href}/analysis` },
    recorded: `${plural(counts.focusGroups, 'focus group')} and ${plural(counts.analysisWorkshops, 'analysis workshop')}`,
    areas: version.areas.map((area) => ({
      text: area.name,
      href: `${href}/analysis/areas/${area.key}`,
    })),
    counts,
  };
}

/** The newest round whose results are released. */
export async function latestReleased(
  db: Database,
  analysis: AnalysisService,
  trust: UserTrust,
  rounds: readonly RoundListRow[],
): Promise<RoundCard | undefined> {
  // A round without responses has nothing released.
  for (const round of rounds.filter((r) => r.responses > 0)) {
    const card = await roundCard(db, analysis, trust, round.id);
    if (card !== undefined && card.position !== null) return card;
  }
  return undefined;
}

/** Each round as the home page lists it. */
export function roundLinks(slug: string, rounds: readonly RoundListRow[]) {
  return rounds.map((r) => ({
    text: r.title,
    href: `/trusts/${slug}/rounds/${r.id}`,
    tag: statusTag(r.status),
    period: formatPeriod(r.startsOn, r.endsOn),
  }));
}

/** The rounds as a reader's home page lists them, with a download of the list. */
export function roundsTable(trust: UserTrust, rounds: readonly RoundListRow[]): PageTable {
  return pageTable({
    key: 'rounds',
    caption: `Assessment rounds of ${trust.name}`,
    name: 'Assessment rounds',
    captionClasses: 'govuk-visually-hidden',
    testid: 'rounds',
    head: ['Round', 'Dates', 'Status'],
    rows: roundLinks(trust.slug, rounds).map((r) => [
      { text: r.text, href: r.href },
      r.period,
      { text: r.tag.text, tag: r.tag.classes },
    ]),
  });
}

export async function trustRounds(db: Database, trustId: string): Promise<RoundListRow[]> {
  return db.withTrust(trustId, listRounds);
}
