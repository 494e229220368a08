import { ConflictError } from '../../kernel/errors.ts';
import { apiActor, defineApiRoute } from '../../web/api-route.ts';
import { apiRound, roundParams } from '../rounds/index.ts';
import { releaseOut, scoresOut, scoresQuery } from './api-schemas.ts';
import { MIN_GROUP } from './scoring/index.ts';
import { datasetRoute } from './dataset-api.ts';
import { RELEASE_EXAMPLE, SCORES_EXAMPLE } from './api-examples.ts';
import { comparisonRoute } from './api-compare.ts';
import { commentsRoute, insightsRoute } from './api-insights.ts';
import { drillDownsRoute } from './api-drill-downs.ts';
import type { AnalysisService } from './service.ts';

// A round's scores in the JSON API. Any token of the trust reads them; a trust admin's
// token releases newer answers.

const TAG = 'Analysis';

const SCORES_DESCRIPTION = [
  "Answers are 1 to 5, Don't know (DK) or Not applicable (NA). A reverse-scored item counts 6 − value. An item mean is the mean of its 1–5 answers; DK and NA are left out of it but counted. A dimension score is the mean of the means of its items that have a 1–5 answer; an area score is the mean of its dimension scores. n is the number of distinct respondents with at least one 1–5 answer on the items. Stages come from the framework version's bands. Drill-down questions are not part of the scores.",
  `Groups: each sector, each audience, children and families (children and young people with parents and carers), each sector × audience that has answers, each locality; every group follows the same rules on its own respondents.`,
  `Suppression: no figure is given that fewer than ${MIN_GROUP} respondents stand behind; a withheld figure is null with "suppressed": true. A group with n under ${MIN_GROUP} shows only its name (its n is withheld too). An item answered by fewer than ${MIN_GROUP} of the group is withheld. A dimension is withheld, with its items, when its n is under ${MIN_GROUP} or none of its items is shown; an area likewise when its n is under ${MIN_GROUP} or none of its dimensions is shown. Where some items (or dimensions) are withheld, the dimension's (or area's) score, counts and Don't know rate are worked out from the shown ones only, so that a withheld figure cannot be recovered by subtraction.`,
  `Agreed position: the latest analysis workshop's rating of the dimension where there is one (source "workshop"; its score may be null when only a stage was agreed), otherwise the questionnaire score (source "questionnaire"), or "none".`,
  `No differencing: across everything shown together (everyone, sectors, audiences, children and families, sector × audience, localities, and any choice of groups), no set of fewer than ${MIN_GROUP} respondents can be worked out by adding or subtracting figures; where it could, more figures are withheld too (secondary suppression). Items with fewer than ${MIN_GROUP} numeric answers in a group are withheld in that group and left out of its dimension score; itemsShown says how many items a score rests on.`,
  'Figures come from the latest release of the answers, never the live answers: the first release is made when collection closes, and later additions only when every group shown gains none or at least 5 respondents (see POST …/release). Before the first release this answers 409.',
  `Divergence: per dimension, the largest difference between two shown scores of sectors, and of the four audiences; flagged at 1.0 or more.`,
  'A large round gives a large answer (every group with every item). `groups` chooses which kinds of group to include, e.g. `?groups=sector,audience`; `?groups=none` gives the overall figures only. Divergence is always worked out over all groups.',
].join('\n\n');

const RELEASE_DESCRIPTION = `Figures are made from releases of the answers, so that nobody can compare the scores before and after one more response. The first release takes every response; it can be made once collection has closed (round status analysing or reported; it is also made automatically on the first look at the figures then). Later calls release the newer responses (an import, a reopened link) only when every group shown gains none or at least ${MIN_GROUP} respondents and no smaller set of them can be worked out; otherwise they wait and the answer (409) says why.`;

type Summary = { number: number; releasedAt: string; responses: number };

const summary = (r: Summary | undefined) =>
  r === undefined ? null : { number: r.number, releasedAt: r.releasedAt, responses: r.responses };

function scoresRoute(s: { analysis: AnalysisService }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/scores',
    summary: "The round's scores: per area, dimension and item, overall and by group",
    description: SCORES_DESCRIPTION,
    tag: TAG,
    params: roundParams,
    query: scoresQuery,
    response: scoresOut,
    example: { response: SCORES_EXAMPLE },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const scores = await s.analysis.roundScores(tx, await apiRound(tx, ctx.params.round));
        if (scores.release === null || scores.release === undefined)
          throw new ConflictError(
            `The round's answers have not been released yet: figures are made once collection closes (${scores.pending ?? 0} responses so far). Move the round on to analysing, or POST …/release once it is.`,
          );
        const kinds = ctx.query.groups;
        const released = { ...scores, release: scores.release, pending: scores.pending ?? 0 };
        return kinds === undefined
          ? released
          : { ...released, groups: scores.groups.filter((g) => kinds.includes(g.kind)) };
      }),
  });
}

function releaseRoute(s: { analysis: AnalysisService }) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/rounds/:round/release',
    summary: "Releases the round's answers for analysis",
    description: RELEASE_DESCRIPTION,
    tag: TAG,
    roles: ['trust-admin'],
    params: roundParams,
    response: releaseOut,
    example: { response: RELEASE_EXAMPLE },
    handler: async (ctx) => {
      const outcome = await ctx.inTrust(async (tx) =>
        s.analysis.release(tx, await apiRound(tx, ctx.params.round), apiActor(ctx)),
      );
      if (outcome.outcome === 'collecting')
        throw new ConflictError(
          "The round's answers cannot be released while collection is open: move the round on to analysing first",
        );
      if (outcome.outcome === 'waiting') {
        const body = {
          outcome: 'waiting' as const,
          release: summary(outcome.release),
          included: 0,
          pending: outcome.pending,
          reasons: outcome.reasons,
        };
        await ctx.reply.code(409).send(body);
        return body;
      }
      return {
        outcome: outcome.outcome,
        release: summary(outcome.release),
        included: outcome.outcome === 'released' ? outcome.included : 0,
        pending: 0,
        reasons: [],
      };
    },
  });
}

/** The analysis operations of the API, in the order of the OpenAPI document. */
export function analysisApi(s: { analysis: AnalysisService }) {
  return [
    scoresRoute(s),
    datasetRoute(s),
    releaseRoute(s),
    comparisonRoute(s),
    insightsRoute(s),
    drillDownsRoute(s),
    commentsRoute(s),
  ];
}
