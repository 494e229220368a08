import { z } from 'zod';
import { AUDIENCE_KEYS } from '../../kernel/framework.ts';
import { defineApiRoute } from '../api/registry.ts';
import { apiActor, apiRound, roundParams } from '../rounds/api.ts';
import { HttpError } from '../../kernel/errors.ts';
import { CHILDREN_FAMILIES, MIN_GROUP } from './scoring/index.ts';
import { createAnalysisService } from './service.ts';

// A round's scores in the JSON API. Any token of the trust reads them.

const TAG = 'Analysis';

// The scores API's own service (and cache), as its routes are declared when this file loads.
const analysis = createAnalysisService();

const GROUP_KINDS = [
  'sector',
  'audience',
  'audience-group',
  'sector-audience',
  'locality',
] as const;

const scoresQuery = z.object({
  groups: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const kinds = value
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== '');
      if (kinds.length === 1 && kinds[0] === 'none') return [] as string[];
      const unknown = kinds.filter((k) => !(GROUP_KINDS as readonly string[]).includes(k));
      if (unknown.length > 0 || kinds.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `groups must be none, or kinds from ${GROUP_KINDS.join(', ')}, separated by commas`,
        });
        return z.NEVER;
      }
      return kinds;
    })
    .describe(
      `Which kinds of group to include, separated by commas: ${GROUP_KINDS.join(', ')}; or none. All when left out.`,
    ),
});

const withheld = (what: string) => `${what}; null when suppressed`;

const countsOut = z
  .object({
    '1': z.number().int(),
    '2': z.number().int(),
    '3': z.number().int(),
    '4': z.number().int(),
    '5': z.number().int(),
    DK: z.number().int().describe("Don't know"),
    NA: z.number().int().describe('Not applicable'),
  })
  .nullable()
  .describe('Answers of each kind, as given (before reversal); null when suppressed');

const itemOut = z.object({
  key: z.string(),
  reverse: z.boolean().describe('Reverse-scored: a value counts as 6 − value in the mean'),
  respondents: z
    .number()
    .int()
    .nullable()
    .describe(withheld('Respondents who answered the item in any way')),
  mean: z
    .number()
    .nullable()
    .describe(
      'Mean of the 1–5 answers after reversal; null when there are none or when suppressed',
    ),
  counts: countsOut,
  suppressed: z.boolean(),
});

const dimensionOut = z.object({
  key: z.string(),
  name: z.string(),
  areaKey: z.string(),
  n: z
    .number()
    .int()
    .nullable()
    .describe(withheld('Distinct respondents with at least one 1–5 answer on its items')),
  score: z
    .number()
    .nullable()
    .describe(withheld('Mean of the means of its shown items that have a 1–5 answer')),
  stage: z.number().int().nullable().describe('Stage number (1–4) of the score'),
  counts: countsOut,
  dontKnowRate: z
    .number()
    .nullable()
    .describe(withheld("Don't know answers as a share (0 to 1) of all its shown items' answers")),
  suppressed: z.boolean(),
  itemsShown: z
    .number()
    .int()
    .nullable()
    .describe(withheld('How many of its items the score rests on ("based on 3 of 5 questions")')),
  itemsAsked: z
    .number()
    .int()
    .nullable()
    .describe(withheld("How many of its items the group's respondents answered at all")),
  items: z.array(itemOut),
});

const areaOut = z.object({
  key: z.string(),
  name: z.string(),
  colour: z.string(),
  n: z
    .number()
    .int()
    .nullable()
    .describe(withheld('Distinct respondents with at least one 1–5 answer on its items')),
  score: z.number().nullable().describe(withheld('Mean of its shown dimension scores')),
  stage: z.number().int().nullable(),
  counts: countsOut,
  suppressed: z.boolean(),
  dimensions: z.array(dimensionOut),
});

const groupScoresOut = z.object({
  n: z
    .number()
    .int()
    .nullable()
    .describe(withheld('Respondents with at least one 1–5 answer anywhere')),
  suppressed: z.boolean().describe(`Fewer than ${MIN_GROUP} respondents: nothing is shown`),
  areas: z.array(areaOut),
});

const groupOut = groupScoresOut.extend({
  kind: z.enum(['sector', 'audience', 'audience-group', 'sector-audience', 'locality']),
  key: z
    .string()
    .describe('Sector key, audience key, "children-families", "sector/audience" or locality name'),
  label: z.string(),
  sector: z.string().optional(),
  audience: z.enum([...AUDIENCE_KEYS, CHILDREN_FAMILIES]).optional(),
  locality: z.string().optional(),
});

const groupScore = z.object({ key: z.string(), label: z.string(), score: z.number() });

const scoresOut = z.object({
  roundId: z.uuid(),
  frameworkVersion: z.string(),
  minimumGroupSize: z.number().int(),
  responses: z.number().int().describe('Responses the figures are made from (the latest release)'),
  release: z
    .object({
      number: z.number().int(),
      releasedAt: z.string().describe('When the release was made (UTC)'),
      responses: z.number().int(),
    })
    .describe('The release of the answers that the figures come from'),
  pending: z
    .number()
    .int()
    .describe('Newer responses, not yet in a release, so not included in any figure'),
  overall: groupScoresOut.describe('Everyone who answered'),
  groups: z
    .array(groupOut)
    .describe(
      'Each sector, each audience, children and families, each sector × audience with answers, each locality',
    ),
  agreed: z
    .array(
      z.object({
        dimensionKey: z.string(),
        score: z.number().nullable(),
        stage: z.number().int().nullable(),
        source: z.enum(['workshop', 'questionnaire', 'none']),
        questionnaireScore: z.number().nullable().describe(withheld('The questionnaire score')),
        workshopId: z.uuid().optional(),
        heldOn: z.string().optional().describe('YYYY-MM-DD'),
      }),
    )
    .describe('Per dimension, in framework order'),
  divergence: z
    .array(
      z.object({
        dimensionKey: z.string(),
        between: z.enum(['sectors', 'audiences']),
        difference: z.number().nullable().describe('null when fewer than two groups are shown'),
        high: groupScore.nullable(),
        low: groupScore.nullable(),
        flagged: z.boolean(),
      }),
    )
    .describe('Per dimension, between sectors and between audiences'),
});

defineApiRoute({
  method: 'GET',
  url: '/api/v1/trusts/:trust/rounds/:round/scores',
  summary: "The round's scores: per area, dimension and item, overall and by group",
  description: [
    "Answers are 1 to 5, Don't know (DK) or Not applicable (NA). A reverse-scored item counts 6 − value. An item mean is the mean of its 1–5 answers; DK and NA are left out of it but counted. A dimension score is the mean of the means of its items that have a 1–5 answer; an area score is the mean of its dimension scores. n is the number of distinct respondents with at least one 1–5 answer on the items. Stages come from the framework version's bands. Drill-down questions are not part of the scores.",
    `Groups: each sector, each audience, children and families (children and young people with parents and carers), each sector × audience that has answers, each locality; every group follows the same rules on its own respondents.`,
    `Suppression: no figure is given that fewer than ${MIN_GROUP} respondents stand behind; a withheld figure is null with "suppressed": true. A group with n under ${MIN_GROUP} shows only its name (its n is withheld too). An item answered by fewer than ${MIN_GROUP} of the group is withheld. A dimension is withheld, with its items, when its n is under ${MIN_GROUP} or none of its items is shown; an area likewise when its n is under ${MIN_GROUP} or none of its dimensions is shown. Where some items (or dimensions) are withheld, the dimension's (or area's) score, counts and Don't know rate are worked out from the shown ones only, so that a withheld figure cannot be recovered by subtraction.`,
    `Agreed position: the latest analysis workshop's rating of the dimension where there is one (source "workshop"; its score may be null when only a stage was agreed), otherwise the questionnaire score (source "questionnaire"), or "none".`,
    `No differencing: across everything shown together (everyone, sectors, audiences, children and families, sector × audience, localities, and any choice of groups), no set of fewer than ${MIN_GROUP} respondents can be worked out by adding or subtracting figures; where it could, more figures are withheld too (secondary suppression). Items with fewer than ${MIN_GROUP} numeric answers in a group are withheld in that group and left out of its dimension score; itemsShown says how many items a score rests on.`,
    'Figures come from the latest release of the answers, never the live answers: the first release is made when collection closes, and later additions only when every group shown gains none or at least 5 respondents (see POST …/release). Before the first release this answers 409.',
    `Divergence: per dimension, the largest difference between two shown scores of sectors, and of the four audiences; flagged at 1.0 or more.`,
    'A large round gives a large answer (every group with every item). `groups` chooses which kinds of group to include, e.g. `?groups=sector,audience`; `?groups=none` gives the overall figures only. Divergence is always worked out over all groups.',
  ].join('\n\n'),
  tag: TAG,
  params: roundParams,
  query: scoresQuery,
  response: scoresOut,
  handler: (ctx) =>
    ctx.inTrust(async (tx) => {
      const scores = await analysis.roundScores(tx, await apiRound(tx, ctx.params.round));
      if (scores.release === null || scores.release === undefined)
        throw new HttpError(
          409,
          `The round's answers have not been released yet: figures are made once collection closes (${scores.pending ?? 0} responses so far). Move the round on to analysing, or POST …/release once it is.`,
        );
      const kinds = ctx.query.groups;
      const released = { ...scores, release: scores.release, pending: scores.pending ?? 0 };
      return kinds === undefined
        ? released
        : { ...released, groups: scores.groups.filter((g) => kinds.includes(g.kind)) };
    }),
});

const releaseOut = z.object({
  outcome: z
    .enum(['released', 'nothing-new', 'waiting'])
    .describe(
      'released: a new release was made; nothing-new: every response is already released; waiting: the newer responses must wait',
    ),
  release: z
    .object({ number: z.number().int(), releasedAt: z.string(), responses: z.number().int() })
    .nullable()
    .describe('The latest release after this call'),
  included: z.number().int().describe('Responses this call released'),
  pending: z.number().int().describe('Responses still waiting'),
  reasons: z.array(z.string()).describe('Why the newer responses wait, when they do'),
});

defineApiRoute({
  method: 'POST',
  url: '/api/v1/trusts/:trust/rounds/:round/release',
  summary: "Releases the round's answers for analysis",
  description: `Figures are made from releases of the answers, so that nobody can compare the scores before and after one more response. The first release takes every response; it can be made once collection has closed (round status analysing or reported; it is also made automatically on the first look at the figures then). Later calls release the newer responses (an import, a reopened link) only when every group shown gains none or at least ${MIN_GROUP} respondents and no smaller set of them can be worked out; otherwise they wait and the answer (409) says why.`,
  tag: TAG,
  roles: ['trust-admin'],
  params: roundParams,
  response: releaseOut,
  handler: async (ctx) => {
    const outcome = await ctx.inTrust(async (tx) =>
      analysis.release(tx, await apiRound(tx, ctx.params.round), apiActor(ctx)),
    );
    if (outcome.outcome === 'collecting')
      throw new HttpError(
        409,
        "The round's answers cannot be released while collection is open: move the round on to analysing first",
      );
    const summary = (r: { number: number; releasedAt: string; responses: number } | undefined) =>
      r === undefined
        ? null
        : { number: r.number, releasedAt: r.releasedAt, responses: r.responses };
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
