import { z } from 'zod';
import { AUDIENCE_KEYS } from '../../kernel/framework.ts';
import { CHILDREN_FAMILIES, MIN_GROUP } from './scoring/index.ts';

// The schemas of the scores API (api.ts): the query it takes and the answers it gives.

const GROUP_KINDS = [
  'sector',
  'audience',
  'audience-group',
  'sector-audience',
  'locality',
] as const;

export const scoresQuery = z.object({
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

export const countsOut = z
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

export const dimensionOut = z.object({
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

export const scoresOut = z.object({
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

export const releaseOut = z.object({
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
