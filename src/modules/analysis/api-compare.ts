import { z } from 'zod';
import { ConflictError, ValidationError } from '../../kernel/errors.ts';
import { defineApiRoute } from '../../web/api-route.ts';
import { apiRound, roundParams } from '../rounds/index.ts';
import { comparisonFigures, type ReleaseState } from './models/index.ts';
import { MIN_GROUP } from './scoring/index.ts';
import type { AnalysisService } from './service.ts';

// A round against another of the trust's rounds in the JSON API: the change of every area and
// dimension, chosen and worked out by the same model as the comparison page and its download
// (models/compare.ts), so the figures and what is withheld are the page's.

/** The release the figures come from; before the first release nothing is shown (409). */
export function releasedNumber(release: ReleaseState): number {
  if (release.collecting || release.releaseNumber === null)
    throw new ConflictError(
      `The round's answers have not been released yet: figures are made once collection closes (${release.pending} responses so far).`,
    );
  return release.releaseNumber;
}

const shown = (what: string) =>
  z
    .number()
    .nullable()
    .describe(
      `${what}, to one decimal place as shown; null when withheld (fewer than ${MIN_GROUP} people) or without answers`,
    );

const changeRow = z.object({
  areaKey: z.string(),
  area: z.string(),
  dimensionKey: z.string().nullable().describe("null on an area's own row"),
  dimension: z.string().nullable(),
  before: shown('The score in the earlier round'),
  now: shown('The score in this round'),
  change: z
    .number()
    .nullable()
    .describe('now − before, each rounded first; null unless both are known'),
});

const comparisonOut = z.object({
  roundId: z.uuid(),
  release: z.number().int().describe("The release of this round's answers the figures come from"),
  with: z
    .object({ id: z.uuid(), title: z.string(), frameworkVersion: z.string() })
    .nullable()
    .describe('The round compared with; null when the trust has no other round with responses'),
  sameVersion: z.boolean().describe('Whether both rounds use the same framework version'),
  rounds: z
    .array(z.object({ id: z.uuid(), title: z.string() }))
    .describe('The rounds this one may be compared with, most recent first'),
  change: z
    .array(changeRow)
    .describe('Every area, each followed by its dimensions; empty without a round to compare'),
});

const EXAMPLE = {
  roundId: '0b6f3c1a-8d2e-4f5a-9c7b-1e2d3f4a5b6c',
  release: 1,
  with: {
    id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    title: '2025 self-assessment',
    frameworkVersion: '2026.1',
  },
  sameVersion: true,
  rounds: [{ id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', title: '2025 self-assessment' }],
  change: [
    {
      areaKey: 'shared-identity',
      area: 'Shared identity, purpose and vision',
      dimensionKey: null,
      dimension: null,
      before: 2.6,
      now: 3.1,
      change: 0.5,
    },
    {
      areaKey: 'shared-identity',
      area: 'Shared identity, purpose and vision',
      dimensionKey: 'shared-vision',
      dimension: 'Shared vision agreed across partners',
      before: 2.4,
      now: null,
      change: null,
    },
  ],
};

export function comparisonRoute(s: { analysis: AnalysisService }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/comparison',
    summary:
      'This round against another of the trust’s rounds, area by area and dimension by dimension',
    description: `The comparison page's figures and its download's: the questionnaire scores of everyone who answered in each round, each to one decimal place, and the change between them. A score withheld in either round (fewer than ${MIN_GROUP} people, or withheld so that a smaller group cannot be worked out) is null, and so is its change. Rounds on different framework versions are matched through the published mapping; a dimension with no match has no earlier score. Without \`with\`, the latest round that started no later than this one is chosen, as on the page. Before the first release of this round's answers this answers 409.`,
    tag: 'Analysis',
    params: roundParams,
    query: z.object({
      with: z.string().optional().describe('The id of the round to compare with: one of `rounds`'),
    }),
    response: comparisonOut,
    example: { response: EXAMPLE },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const scope = await apiRound(tx, ctx.params.round);
        const asked = ctx.query.with;
        const figures = await comparisonFigures(s, { tx, scope }, { with: asked });
        if (figures.problem !== null)
          throw new ValidationError([{ field: 'query.with', message: figures.problem }]);
        const release = releasedNumber(figures.release);
        const earlier = figures.earlier;
        return {
          roundId: scope.round.id,
          release,
          with:
            earlier === null
              ? null
              : { id: earlier.id, title: earlier.title, frameworkVersion: earlier.version },
          sameVersion: figures.sameVersion,
          rounds: figures.rounds,
          change: figures.change ?? [],
        };
      }),
  });
}
