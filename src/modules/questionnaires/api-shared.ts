import { z } from 'zod';
import { NotFoundError, type FieldError } from '../../kernel/errors.ts';
import type { ApiContext } from '../../web/api-route.ts';
import { getVersion, type FrameworkVersion } from '../framework/index.ts';
import { AUDIENCE_KEYS } from '../../kernel/framework.ts';
import { ANY_SECTOR_NAME, linkViewsIn, type LinkView } from './links.ts';
import {
  countResponses,
  findQuestionnaire,
  findRound,
  invitationCounts,
  type QuestionnaireRow,
} from './repository.ts';
import { ABOUT_KEYS, aboutOf, pagesOf } from './service.ts';

// Shared parts of the questionnaires API (api.ts, api-invitations.ts): schemas and the
// loading of a round or questionnaire for a token. Any token of the trust reads; changes
// need a trust admin token.

export const TAG = 'Questionnaires';
export const WRITE = ['trust-admin'] as const;

export const roundParams = z.object({
  trust: z.string().describe('The trust slug'),
  round: z.guid().describe('The round id'),
});
export const questionnaireParams = roundParams.extend({
  questionnaire: z.guid().describe('The questionnaire id'),
});

/** The fields of a questionnaire as the API sets them up and changes them (no defaults here). */
export const questionnaireFields = {
  audience: z
    .enum(AUDIENCE_KEYS, { error: 'Select who the questionnaire is for' })
    .describe('Who the questionnaire is for'),
  title: z
    .string({ error: 'Enter a title' })
    .trim()
    .min(1, 'Enter a title')
    .max(120, 'Title must be 120 characters or fewer'),
  areas: z
    .array(z.string(), { error: 'Give the areas as a list of keys' })
    .describe('Area keys to ask about'),
  drillDown: z
    .string({ error: 'Give a drill-down key, or null' })
    .nullable()
    .describe('A drill-down key of the version, or null'),
  opensOn: z.iso.date().describe("First day it can be answered: within the round's dates"),
  closesOn: z.iso
    .date()
    .describe("Last day it can be answered: on or after opensOn, and on or before the round's end"),
  aboutYou: z
    .array(z.enum(ABOUT_KEYS))
    .describe('About-you questions: sector, role-level, locality'),
  languages: z.array(z.string()).describe('Language codes; English is always added'),
};

/** A field error of the rules (service.ts), named as the API names the field. */
export function apiFieldError(e: FieldError): FieldError {
  const names: Record<string, string> = { opens: 'opensOn', closes: 'closesOn' };
  return { ...e, field: names[e.field] ?? e.field };
}

export const summarySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  audience: z.enum(AUDIENCE_KEYS),
  areas: z.array(z.string()).describe('Area keys the questionnaire asks about'),
  drillDown: z.string().nullable().describe('Drill-down key, or null'),
  opensOn: z.iso.date(),
  closesOn: z.iso.date(),
  aboutYou: z.array(z.enum(ABOUT_KEYS)).describe('About-you questions asked'),
  languages: z.array(z.string()).describe('Language codes offered; English is always first'),
  responses: z.number().int(),
});

export const linkSchema = z.object({
  id: z.uuid(),
  sector: z.string().nullable().describe('Sector key, or null for a link where people choose'),
  sectorName: z.string(),
  url: z.string().describe('The address to share'),
  open: z.boolean(),
});

export const countsSchema = z.object({
  invited: z.number().int(),
  sent: z.number().int(),
  reminded: z.number().int(),
  opened: z.number().int().describe('Links opened at least once (never who sent answers)'),
  notOpened: z.number().int().describe('Sent, and the link not opened yet'),
});

export const detailSchema = summarySchema.extend({
  pages: z.array(z.object({ key: z.string(), name: z.string(), questions: z.number().int() })),
  links: z.array(linkSchema),
  invitations: countsSchema,
});

/** A link as the API gives it. */
export const linkOf = (view: LinkView): z.input<typeof linkSchema> => ({
  id: view.link.id,
  sector: view.link.sectorKey,
  sectorName: view.sector ?? ANY_SECTOR_NAME,
  url: view.url,
  open: view.link.closedAt === null,
});

export async function roundOf(ctx: ApiContext<{ round: string }, unknown, unknown>) {
  const found = await ctx.inTrust(async (tx) => {
    const round = await findRound(tx, ctx.params.round);
    if (round === undefined) return undefined;
    const version = await getVersion(tx, round.frameworkVersion);
    return version === undefined ? undefined : { round, version: version.content };
  });
  if (found === undefined) throw new NotFoundError();
  return found;
}

export async function questionnaireOf(
  ctx: ApiContext<{ round: string; questionnaire: string }, unknown, unknown>,
) {
  const { round, version } = await roundOf(ctx);
  const q = await ctx.inTrust((tx) => findQuestionnaire(tx, round.id, ctx.params.questionnaire));
  if (q === undefined) throw new NotFoundError();
  return { round, version, q };
}

export const summaryOf = (
  q: QuestionnaireRow,
  responses: number,
): z.input<typeof summarySchema> => ({
  id: q.id,
  title: q.title,
  audience: q.audience as z.infer<typeof summarySchema>['audience'],
  areas: q.areaKeys,
  drillDown: q.drillDownKey,
  opensOn: q.opensOn,
  closesOn: q.closesOn,
  aboutYou: aboutOf(q),
  languages: q.languages,
  responses,
});

/** A questionnaire with its pages, links (as addresses on baseUrl) and invitation counts. */
export async function detailOf(
  ctx: ApiContext<unknown, unknown, unknown>,
  baseUrl: string,
  version: FrameworkVersion,
  q: QuestionnaireRow,
): Promise<z.input<typeof detailSchema>> {
  const { links, counts, responses } = await ctx.inTrust(async (tx) => ({
    links: await linkViewsIn(tx, baseUrl, q.id),
    counts: await invitationCounts(tx, q.id),
    responses: await countResponses(tx, q.id),
  }));
  return {
    ...summaryOf(q, responses),
    pages: pagesOf(version, q).map((p) => ({
      key: p.key,
      name: p.name,
      questions: p.items.length,
    })),
    links: links.map(linkOf),
    invitations: {
      invited: counts.invited,
      sent: counts.sent,
      reminded: counts.reminded,
      opened: counts.opened,
      notOpened: counts.notOpened,
    },
  };
}
