import { areasInRainbowOrder, colourName } from '../../../kernel/framework.ts';
import type { RoundListRow } from '../../rounds/index.ts';
import { compareScores, type Comparison } from '../insights.ts';
import type { ScoredRound } from '../service.ts';
import type { RoundScores } from '../types.ts';
import {
  releaseState,
  slug,
  type Download,
  type ModelInput,
  type ModelServices,
  type ReleaseState,
} from './common.ts';
import { compareChart, previousFrom, type Diagram } from './diagrams.ts';
import { changeExport, changeRows, type ChangeRow } from './exports.ts';
import type { Cell } from './format.ts';
import { changeTable } from './tables.ts';

// A round against another of the trust's rounds: the change of every area and dimension,
// and the spider diagrams of both.

export interface CompareModel {
  release: ReleaseState;
  /** The rounds to choose from (GOV.UK select items), the one compared with selected. */
  options: { value: string; text: string; selected: boolean }[];
  /** Why the round asked for is not the one compared with, if it is not. */
  problem: string | null;
  earlier: { id: string; title: string; version: string } | null;
  sameVersion: boolean;
  areas: { name: string; colourName: string; chart: Diagram }[];
  change: Cell[][] | null;
}

/** The round asked for when it is one to choose, else the latest that started no later. */
function chosenRound(candidates: RoundListRow[], input: ModelInput, asked: string | undefined) {
  return asked !== undefined && candidates.some((r) => r.id === asked)
    ? asked
    : candidates.find((r) => r.startsOn <= input.scope.round.startsOn)?.id;
}

/** What the page and the API compare: the round chosen (or why not) and the change. */
interface Chosen {
  scores: RoundScores;
  candidates: RoundListRow[];
  chosenId: string | undefined;
  problem: string | null;
  earlier: ScoredRound | undefined;
  comparison: Comparison | undefined;
}

async function choose(
  s: Pick<ModelServices, 'analysis'>,
  input: ModelInput,
  asked: string | undefined,
): Promise<Chosen> {
  const { tx, scope } = input;
  const scores = await s.analysis.roundScores(tx, scope);
  const candidates = await s.analysis.comparableRounds(tx, scope);
  const chosenId = chosenRound(candidates, input, asked);
  const earlier =
    chosenId === undefined ? undefined : await s.analysis.otherRound(tx, scope, chosenId);
  return {
    scores,
    candidates,
    chosenId,
    problem:
      asked !== undefined && asked !== '' && chosenId !== asked
        ? 'Choose one of the rounds in the list'
        : null,
    earlier,
    comparison:
      earlier === undefined
        ? undefined
        : compareScores(scores, scope.version, earlier.scores, earlier.scope.version),
  };
}

const earlierOf = (earlier: ScoredRound) => ({
  id: earlier.scope.round.id,
  title: earlier.scope.round.title,
  version: earlier.scope.round.frameworkVersion,
});

function charts(s: ModelServices, input: ModelInput, chosen: Chosen) {
  const { round, version } = input.scope;
  const { earlier, comparison, scores } = chosen;
  if (earlier === undefined || comparison === undefined) return [];
  const previous = previousFrom(earlier.scope.round.title, comparison);
  return areasInRainbowOrder(version).map((area) => ({
    name: area.name,
    colourName: colourName(area.colour),
    chart: compareChart(s.charts, area, scores, previous, round.title, version),
  }));
}

/** The round compared with the one `with` names (by id), or by default with the previous. */
export async function compareModel(
  s: ModelServices,
  input: ModelInput,
  options: { with?: string },
): Promise<CompareModel> {
  const chosen = await choose(s, input, options.with);
  const { earlier, comparison } = chosen;
  return {
    release: releaseState(chosen.scores),
    options: chosen.candidates.map((r) => ({
      value: r.id,
      text: r.title,
      selected: r.id === chosen.chosenId,
    })),
    problem: chosen.problem,
    earlier: earlier === undefined ? null : earlierOf(earlier),
    sameVersion: earlier?.scope.round.frameworkVersion === input.scope.round.frameworkVersion,
    areas: charts(s, input, chosen),
    change: comparison === undefined ? null : changeTable(comparison),
  };
}

/** The comparison as figures (for the API): the same choice and change as the page. */
export interface ComparisonFigures {
  release: ReleaseState;
  /** The rounds the round may be compared with, most recent first. */
  rounds: { id: string; title: string }[];
  problem: string | null;
  earlier: { id: string; title: string; version: string } | null;
  sameVersion: boolean;
  /** Every area and dimension, with the scores as the change table and its download give them. */
  change: ChangeRow[] | null;
}

export async function comparisonFigures(
  s: Pick<ModelServices, 'analysis'>,
  input: ModelInput,
  options: { with?: string },
): Promise<ComparisonFigures> {
  const chosen = await choose(s, input, options.with);
  const { earlier, comparison } = chosen;
  return {
    release: releaseState(chosen.scores),
    rounds: chosen.candidates.map((r) => ({ id: r.id, title: r.title })),
    problem: chosen.problem,
    earlier: earlier === undefined ? null : earlierOf(earlier),
    sameVersion: earlier?.scope.round.frameworkVersion === input.scope.round.frameworkVersion,
    change: comparison === undefined ? null : changeRows(comparison),
  };
}

/** The change table against the round with id `withId`; undefined if there is no such round. */
export async function compareDownload(
  s: ModelServices,
  input: ModelInput,
  withId: string,
): Promise<Download | undefined> {
  const { tx, scope } = input;
  const scores = await s.analysis.roundScores(tx, scope);
  const earlier = await s.analysis.otherRound(tx, scope, withId);
  if (earlier === undefined) return undefined;
  const comparison = compareScores(scores, scope.version, earlier.scores, earlier.scope.version);
  const tables = [changeExport(comparison, earlier.scope.round.title, scope.round.title)];
  return { name: `${slug(scope.round.title)}-compared`, csv: tables, workbook: tables };
}
