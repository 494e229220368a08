import { z } from 'zod';
import { defineApiRoute } from '../../web/api-route.ts';
import { apiRound, roundParams } from '../rounds/index.ts';
import { releasedNumber } from './api-compare.ts';
import { commentsModel, findingsModel } from './models/index.ts';
import { MIN_GROUP } from './scoring/index.ts';
import { COMMENT_READERS, type AnalysisService } from './service.ts';

// What the analysis pages say about a round, in the JSON API: the overview's strengths, gaps
// and suggested focus areas, each area page's strengths, gaps, divergence and withheld groups
// (models/findings.ts, made by the pages' own functions), and the comments the area pages show
// to trust admins and contributors. Never from figures the pages withhold.

const TAG = 'Analysis';

const dimensionRef = z.object({
  dimensionKey: z.string(),
  name: z.string(),
  areaKey: z.string(),
  areaName: z.string(),
  colourName: z.string().describe('The colour of the area, e.g. Blue'),
  score: z.number().describe('The questionnaire score of everyone who answered'),
  shown: z.string().describe('The score as the pages write it, to one decimal place'),
  stage: z.number().int().nullable(),
  stageName: z.string().nullable(),
  n: z.number().int().nullable().describe('People behind the score'),
});

const focusOut = dimensionRef.omit({ score: true, shown: true }).extend({
  score: z
    .number()
    .nullable()
    .describe('The questionnaire score; null when withheld (a divergent dimension may be)'),
  kinds: z
    .array(z.enum(['weakest', 'divergent']))
    .describe('Among the weakest, and/or groups disagree about it'),
  reason: z.string().describe('Why it is suggested, as the overview says it'),
});

const named = z.object({ name: z.string(), score: z.string().describe('As shown') });

const areaOut = z.object({
  key: z.string(),
  name: z.string(),
  colourName: z.string(),
  suppressed: z
    .boolean()
    .describe(`Fewer than ${MIN_GROUP} people answered its questions: no figure is shown`),
  strengths: z.array(named).describe('Its two highest shown dimension scores'),
  gaps: z.array(named).describe('Its two lowest, when it has more than two shown'),
  divergence: z
    .array(z.object({ dimension: z.string(), text: z.string() }))
    .describe('Dimensions on which two shown sectors or audiences differ by 1.0 or more'),
  highDontKnow: z
    .array(z.object({ name: z.string(), rate: z.string() }))
    .describe('Dimensions where 20% or more of the answers were Don’t know'),
  withheld: z
    .array(z.string())
    .describe('Sectors, audiences and localities whose figures for the area are withheld'),
});

const insightsOut = z.object({
  roundId: z.uuid(),
  release: z.number().int().describe('The release of the answers the figures come from'),
  strengths: z.array(dimensionRef).describe('The highest scoring dimensions overall'),
  gaps: z.array(dimensionRef).describe('The lowest scoring dimensions overall'),
  focusAreas: z
    .array(focusOut)
    .describe('Suggested focus areas: the weakest dimensions and those where views differ most'),
  withheldSectors: z
    .array(z.string())
    .describe('Sectors whose figures are withheld everywhere to protect anonymity'),
  areas: z.array(areaOut).describe('The seven areas in rainbow order'),
});

const STRENGTH = {
  dimensionKey: 'safeguarding-training',
  name: 'Safeguarding training in every sector',
  areaKey: 'keeping-safe',
  areaName: 'Keeping children safe',
  colourName: 'Violet',
  score: 3.84,
  shown: '3.8',
  stage: 3,
  stageName: 'Developing',
  n: 212,
};

const GAP = {
  dimensionKey: 'joint-induction',
  name: 'Joint induction',
  areaKey: 'common-values',
  areaName: 'Common values and language',
  colourName: 'Orange',
  score: 1.91,
  shown: '1.9',
  stage: 1,
  stageName: 'Fragmented',
  n: 198,
};

const INSIGHTS_EXAMPLE = {
  roundId: '0b6f3c1a-8d2e-4f5a-9c7b-1e2d3f4a5b6c',
  release: 1,
  strengths: [STRENGTH],
  gaps: [GAP],
  focusAreas: [
    {
      dimensionKey: GAP.dimensionKey,
      name: GAP.name,
      areaKey: GAP.areaKey,
      areaName: GAP.areaName,
      colourName: GAP.colourName,
      score: GAP.score,
      stage: GAP.stage,
      stageName: GAP.stageName,
      n: GAP.n,
      kinds: ['weakest' as const],
      reason: 'Scored 1.9 (Fragmented), the lowest of all dimensions',
    },
  ],
  withheldSectors: ['Early years and childcare'],
  areas: [
    {
      key: 'common-values',
      name: 'Common values and language',
      colourName: 'Orange',
      suppressed: false,
      strengths: [{ name: 'Shared values', score: '3.2' }],
      gaps: [{ name: 'Joint induction', score: '1.9' }],
      divergence: [
        {
          dimension: 'Joint induction',
          text: 'Health scored it 2.9 and Schools 1.4: a difference of 1.5.',
        },
      ],
      highDontKnow: [{ name: 'Plain language and a common glossary', rate: '24%' }],
      withheld: ['Early years and childcare'],
    },
  ],
};

export function insightsRoute(s: { analysis: AnalysisService }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/insights',
    summary: 'What the analysis says: strengths, gaps, divergence and suggested focus areas',
    description: `As the analysis pages show them: the overview's strengths, gaps and suggested focus areas, and for each area the strengths, gaps, divergence and many "Don't know" answers its page lists, with the groups whose figures are withheld. Made from the same release and with the same suppression as …/scores: nothing rests on fewer than ${MIN_GROUP} people. Before the first release this answers 409.`,
    tag: TAG,
    params: roundParams,
    response: insightsOut,
    example: { response: INSIGHTS_EXAMPLE },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const scope = await apiRound(tx, ctx.params.round);
        const f = await findingsModel(s, { tx, scope });
        return {
          roundId: scope.round.id,
          release: releasedNumber(f.release),
          strengths: f.strengths,
          gaps: f.gaps,
          focusAreas: f.focus,
          withheldSectors: f.lowGroups,
          areas: f.areas.map((a) => ({
            key: a.key,
            name: a.name,
            colourName: a.colourName,
            suppressed: a.suppressedArea,
            strengths: a.strengths,
            gaps: a.gaps,
            divergence: a.divergent,
            highDontKnow: a.highDontKnow,
            withheld: a.withheld,
          })),
        };
      }),
  });
}

const commentsOut = z.object({
  roundId: z.uuid(),
  release: z.number().int().describe('The release of the answers the comments come from'),
  areas: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      colourName: z.string(),
      comments: z.array(z.string()).describe('In alphabetical order'),
    }),
  ),
});

export function commentsRoute(s: { analysis: AnalysisService }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/comments',
    summary: 'What respondents wrote about each area, as the area pages show it',
    description:
      'Only comments of responses in a release of the answers, so that a new comment cannot be matched to the figures it changed; in alphabetical order, so that nothing links a comment to when or by whom it was written. For trust admins and contributors, as on the pages. Before the first release this answers 409.',
    tag: TAG,
    roles: COMMENT_READERS,
    params: roundParams,
    response: commentsOut,
    example: {
      response: {
        roundId: '0b6f3c1a-8d2e-4f5a-9c7b-1e2d3f4a5b6c',
        release: 1,
        areas: [
          {
            key: 'shared-identity',
            name: 'Shared identity, purpose and vision',
            colourName: 'Red',
            comments: ['The vision is on the wall but nobody talks about it'],
          },
        ],
      },
    },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const scope = await apiRound(tx, ctx.params.round);
        const model = await commentsModel(s, { tx, scope });
        return {
          roundId: scope.round.id,
          release: releasedNumber(model.release),
          areas: model.areas,
        };
      }),
  });
}
