import type { FieldError } from '../../kernel/errors.ts';
import type { Area, FrameworkVersion } from '../framework/index.ts';
import { LINK_LENGTH_MAX, LINKS_MAX, REASONS_MAX, type RatingApiInput } from './schemas.ts';

// The rules for a rating of one dimension, shared by the ratings page and the API: a score
// from 1.0 to 5.0 with one decimal place, a stage that agrees with the score's band, reasons
// and up to ten http(s) evidence links.

export interface RatingValues {
  score: number | null;
  stage: number | null;
  reasons: string;
  evidenceLinks: string[];
}

export function isBlank(r: RatingValues): boolean {
  return r.score === null && r.stage === null && r.reasons === '' && r.evidenceLinks.length === 0;
}

export function ratingFields(dimensionKey: string) {
  return {
    score: `score-${dimensionKey}`,
    stage: `stage-${dimensionKey}`,
    reasons: `reasons-${dimensionKey}`,
    links: `links-${dimensionKey}`,
  };
}

type Part = keyof ReturnType<typeof ratingFields>;

/** The stage whose band holds the score (bands come from the version's stages). */
export function stageFor(version: FrameworkVersion, score: number) {
  const stages = [...version.stages].sort((a, b) => a.minScore - b.minScore);
  return stages.filter((s) => s.minScore <= score + 1e-9).at(-1) ?? stages[0];
}

export function formatScore(score: number | null): string {
  return score === null ? '' : score.toFixed(1);
}

/** Problems with a rating's values; `field` names where each message belongs. */
export function ratingProblems(
  version: FrameworkVersion,
  dimensionName: string,
  r: RatingValues,
  field: (part: Part) => string,
): FieldError[] {
  const errors: FieldError[] = [];
  const add = (part: Part, message: string) => errors.push({ field: field(part), message });
  let score = r.score;
  if (score !== null) {
    if (!Number.isFinite(score) || score < 1 || score > 5) {
      add('score', `Score for ${dimensionName} must be between 1.0 and 5.0`);
      score = null;
    } else if (Math.abs(score * 10 - Math.round(score * 10)) > 1e-6) {
      add('score', `Score for ${dimensionName} must have no more than one decimal place, like 3.5`);
      score = null;
    }
  }
  if (r.stage !== null) {
    const chosen = version.stages.find((s) => s.number === r.stage);
    if (chosen === undefined) add('stage', `Select a stage for ${dimensionName} from the list`);
    else if (score !== null) {
      const band = stageFor(version, score);
      if (band !== undefined && band.number !== chosen.number)
        add(
          'stage',
          `A score of ${formatScore(score)} is in the ${band.name} stage: choose ${band.name} or change the score for ${dimensionName}`,
        );
    }
  }
  if (r.reasons.length > REASONS_MAX)
    add(
      'reasons',
      `Reasons for ${dimensionName} must be ${REASONS_MAX.toLocaleString('en-GB')} characters or fewer`,
    );
  if (r.evidenceLinks.length > LINKS_MAX)
    add('links', `Enter no more than ${LINKS_MAX} evidence links for ${dimensionName}`);
  else {
    const bad = r.evidenceLinks.findIndex((link) => !isWebAddress(link));
    if (bad !== -1)
      add(
        'links',
        `Evidence link ${bad + 1} for ${dimensionName} must be a web address starting with http:// or https://`,
      );
  }
  return errors;
}

export function isWebAddress(link: string): boolean {
  if (link.length > LINK_LENGTH_MAX || /\s/.test(link)) return false;
  try {
    const url = new URL(link);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The values and problems of one area's ratings page. */
export function parseAreaForm(
  version: FrameworkVersion,
  area: Area,
  body: Record<string, unknown>,
): { values: Map<string, RatingValues>; errors: FieldError[] } {
  const values = new Map<string, RatingValues>();
  const errors: FieldError[] = [];
  const str = (name: string) => {
    const value = body[name];
    return typeof value === 'string' ? value.trim() : '';
  };
  for (const dimension of area.dimensions) {
    const names = ratingFields(dimension.key);
    const rawScore = str(names.score);
    let score: number | null = null;
    let scoreError: string | undefined;
    if (rawScore !== '') {
      if (/^\d+(\.\d+)?$/.test(rawScore)) score = Number(rawScore);
      else scoreError = `Score for ${dimension.name} must be a number from 1.0 to 5.0, like 3.5`;
    }
    const rawStage = str(names.stage);
    const stage = rawStage === '' ? null : /^\d$/.test(rawStage) ? Number(rawStage) : -1;
    const rating: RatingValues = {
      score,
      stage,
      reasons: str(names.reasons),
      evidenceLinks: str(names.links)
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    };
    values.set(dimension.key, rating);
    if (scoreError !== undefined) errors.push({ field: names.score, message: scoreError });
    errors.push(...ratingProblems(version, dimension.name, rating, (part) => names[part]));
  }
  return { values, errors };
}

/**
 * Checks ratings sent to the API against the dimensions they may name (key → name), each
 * at most once; errors name `ratings.<i>.<field>`. A blank rating stands for no rating (null).
 */
export function apiRatings(
  version: FrameworkVersion,
  dimensions: ReadonlyMap<string, string>,
  input: readonly RatingApiInput[],
  unknownDimension: string,
): { errors: FieldError[]; ratings: Map<string, RatingValues | null> } {
  const errors: FieldError[] = [];
  const ratings = new Map<string, RatingValues | null>();
  input.forEach((r, i) => {
    const name = dimensions.get(r.dimension);
    const at = `ratings.${i}`;
    if (name === undefined) {
      errors.push({ field: `${at}.dimension`, message: unknownDimension });
      return;
    }
    if (ratings.has(r.dimension)) {
      errors.push({ field: `${at}.dimension`, message: 'Rate each dimension once' });
      return;
    }
    const values: RatingValues = {
      score: r.score,
      stage: r.stage,
      reasons: r.reasons,
      evidenceLinks: r.evidenceLinks.map((l) => l.trim()),
    };
    const field = (part: string) => `${at}.${part === 'links' ? 'evidenceLinks' : part}`;
    errors.push(...ratingProblems(version, name, values, field));
    ratings.set(r.dimension, isBlank(values) ? null : values);
  });
  return { errors, ratings };
}
