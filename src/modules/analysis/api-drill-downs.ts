import { z } from 'zod';
import { defineApiRoute } from '../../web/api-route.ts';
import { apiRound, roundParams } from '../rounds/index.ts';
import { releasedNumber } from './api-compare.ts';
import { countsOut, dimensionOut } from './api-schemas.ts';
import { releaseState } from './models/common.ts';
import { MIN_GROUP } from './scoring/index.ts';
import type { AnalysisService } from './service.ts';

// A round's drill-down figures in the JSON API (scoring/drill-down.ts): for each drill-down
// of the round's framework version that released responses answered, its practices and
// their questions, as the drill-down's area page shows them.

const TAG = 'Analysis';

const practiceOut = dimensionOut.omit({ areaKey: true }).describe('One practice of the drill-down');

const drillDownOut = z.object({
  key: z.string(),
  name: z.string(),
  areaKey: z.string().describe('The area the drill-down goes deeper into'),
  n: z
    .number()
    .int()
    .nullable()
    .describe('Distinct respondents with a 1–5 answer on its questions; null when suppressed'),
  score: z.number().nullable().describe('Mean of its shown practice scores; null when suppressed'),
  stage: z.number().int().nullable(),
  counts: countsOut,
  suppressed: z.boolean(),
  practices: z.array(practiceOut),
});

const drillDownsOut = z.object({
  roundId: z.uuid(),
  release: z.number().int().describe('The release of the answers the figures come from'),
  drillDowns: z
    .array(drillDownOut)
    .describe('The drill-downs that released responses answered, in the framework’s order'),
});

const counts = { '1': 2, '2': 5, '3': 9, '4': 4, '5': 1, DK: 3, NA: 0 };
const item = {
  key: 'iw.common-assessment.q2',
  reverse: false,
  respondents: 24,
  mean: 2.9,
  counts,
  suppressed: false,
};
const practice = {
  key: 'common-assessment',
  name: 'Common assessment',
  n: 24,
  score: 2.9,
  stage: 2,
  counts,
  dontKnowRate: 0.125,
  suppressed: false,
  itemsShown: 1,
  itemsAsked: 1,
  items: [item],
};

const EXAMPLE = {
  roundId: '0b6f3c1a-8d2e-4f5a-9c7b-1e2d3f4a5b6c',
  release: 1,
  drillDowns: [
    {
      key: 'integrated-working-self-assessment',
      name: 'Integrated working self-assessment',
      areaKey: 'integrated-working',
      n: 24,
      score: 2.9,
      stage: 2,
      counts,
      suppressed: false,
      practices: [practice],
    },
  ],
};

export function drillDownsRoute(s: { analysis: AnalysisService }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/drill-downs',
    summary: "The round's drill-down figures: per practice and question",
    description: `A drill-down is a deeper questionnaire under one area, its questions grouped into practices. Its answers are not part of the area's scores: each practice is scored as a dimension is (the mean of its questions' means, Don't know and N/A left out but counted), and the drill-down's score is the mean of its practices' scores, from everyone who answered, with no groups. Suppression as in …/scores: a question with fewer than ${MIN_GROUP} answers from 1 to 5 is withheld and left out of its practice's score; a practice, or the drill-down, that fewer than ${MIN_GROUP} people answered is withheld (null with "suppressed": true). From the same release of the answers as …/scores; before the first release this answers 409.`,
    tag: TAG,
    params: roundParams,
    response: drillDownsOut,
    example: { response: EXAMPLE },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const scope = await apiRound(tx, ctx.params.round);
        const release = releasedNumber(releaseState(await s.analysis.roundScores(tx, scope)));
        return {
          roundId: scope.round.id,
          release,
          drillDowns: await s.analysis.drillDowns(tx, scope),
        };
      }),
  });
}
