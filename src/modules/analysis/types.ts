import type { AudienceKey } from '../../kernel/framework.ts';

// The shape of a round's scores (SPEC §6). Every figure drawn from a group of fewer than
// MIN_GROUP (scoring/disclosure.ts) respondents is withheld: the number is null and
// `suppressed` is true.

/** How many answers of each kind: 1 to 5 (as given, before reversal), Don't know, N/A. */
export interface AnswerCounts {
  '1': number;
  '2': number;
  '3': number;
  '4': number;
  '5': number;
  DK: number;
  NA: number;
}

export interface ItemScore {
  key: string;
  reverse: boolean;
  /** Respondents in the group who answered the item at all (any value); null if suppressed. */
  respondents: number | null;
  /** Mean of the numeric answers after reversal (6 − value); null if none or suppressed. */
  mean: number | null;
  counts: AnswerCounts | null;
  /**
   * Withheld to protect anonymity: fewer than MIN_GROUP numeric answers, or its figures
   * would let a smaller set be worked out from the other groups shown (SPEC §6).
   */
  suppressed: boolean;
}

export interface DimensionScore {
  key: string;
  name: string;
  areaKey: string;
  /** Distinct respondents with at least one numeric answer on the dimension's items. */
  n: number | null;
  /** Mean of the item means of items with at least one numeric answer. */
  score: number | null;
  /** Stage number (1–4) of the score, from the framework version's bands. */
  stage: number | null;
  /** Answers of each kind over all the dimension's items. */
  counts: AnswerCounts | null;
  /** Don't know answers as a share (0–1) of all answers on the dimension. */
  dontKnowRate: number | null;
  suppressed: boolean;
  /** How many of its items the score rests on ("based on 3 of 5 questions"); null if withheld. */
  itemsShown: number | null;
  /** How many of its items the group's respondents answered at all. */
  itemsAsked: number | null;
  items: ItemScore[];
}

export interface AreaScore {
  key: string;
  name: string;
  colour: string;
  /** Distinct respondents with at least one numeric answer on the area's items. */
  n: number | null;
  /** Mean of its dimension scores (those not null). */
  score: number | null;
  stage: number | null;
  counts: AnswerCounts | null;
  suppressed: boolean;
  dimensions: DimensionScore[];
}

export interface GroupScores {
  /** Respondents in the group with at least one numeric answer anywhere. */
  n: number | null;
  suppressed: boolean;
  areas: AreaScore[];
}

/**
 * sector: one sector; audience: one audience; audience-group: children-families, the
 * children and young people with the parents and carers; sector-audience: one sector's
 * answers from one audience; locality: one locality.
 */
export type GroupKind = 'sector' | 'audience' | 'audience-group' | 'sector-audience' | 'locality';

export interface GroupOf extends GroupScores {
  kind: GroupKind;
  /** e.g. "early-years", "frontline", "early-years/frontline", "children-families". */
  key: string;
  label: string;
  sector?: string;
  audience?: AudienceKey | 'children-families';
  locality?: string;
}

/** The agreed position of a dimension (SPEC §6): the analysis workshop's, else the questionnaires'. */
export interface AgreedPosition {
  dimensionKey: string;
  score: number | null;
  stage: number | null;
  source: 'workshop' | 'questionnaire' | 'none';
  /** The questionnaire score, always shown beside it (null if none or suppressed). */
  questionnaireScore: number | null;
  workshopId?: string;
  heldOn?: string;
}

export interface Divergence {
  dimensionKey: string;
  between: 'sectors' | 'audiences';
  /** Largest difference between two shown (unsuppressed) group scores; null if under two. */
  difference: number | null;
  high: { key: string; label: string; score: number } | null;
  low: { key: string; label: string; score: number } | null;
  flagged: boolean;
}

export interface RoundScores {
  roundId: string;
  frameworkVersion: string;
  minimumGroupSize: number;
  /** Responses the figures are made from (those in the latest release). */
  responses: number;
  /** The release of the answers the figures come from; null before the first. */
  release?: { number: number; releasedAt: string; responses: number } | null;
  /** Responses not yet in any release (before the first release: all of them). */
  pending?: number;
  overall: GroupScores;
  groups: GroupOf[];
  /** Per dimension, in framework order. */
  agreed: AgreedPosition[];
  /** Per dimension, two entries each: between sectors and between audiences. */
  divergence: Divergence[];
}

/** One practice of a drill-down module: its figures as a dimension's (SPEC §3, §6). */
export type PracticeScore = Omit<DimensionScore, 'areaKey'>;

/**
 * A drill-down module's figures for everyone who answered it (no groups): the mean of its
 * practices' shown scores, each practice the mean of its shown items' means, with the
 * same suppression as any dimension. Made from released responses only.
 */
export interface DrillDownScore {
  key: string;
  name: string;
  /** The area the drill-down goes deeper into. */
  areaKey: string;
  /** Distinct respondents with at least one 1–5 answer on its questions; null if withheld. */
  n: number | null;
  score: number | null;
  stage: number | null;
  counts: AnswerCounts | null;
  suppressed: boolean;
  practices: PracticeScore[];
}
