import { z } from 'zod';
import { ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { AUDIENCE_KEYS } from '../../kernel/framework.ts';
import { offerableLanguages } from '../translations/index.ts';
import { listSectors } from '../trusts/index.ts';
import {
  detailOf,
  detailSchema,
  linkSchema,
  questionnaireOf,
  questionnaireParams,
  roundOf,
  roundParams,
  summaryOf,
  summarySchema,
  TAG,
  WRITE,
} from './api-shared.ts';
import { invitationsApi } from './api-invitations.ts';
import { ANY_SECTOR_NAME, createLink, linkUrl } from './links.ts';
import { listQuestionnaires } from './repository.ts';
import { ABOUT_KEYS, checkQuestionnaire, createQuestionnaire } from './service.ts';

// Questionnaires and open links in the JSON API (invitations and response counts are in
// api-invitations.ts).

type QuestionnaireServices = Parameters<typeof invitationsApi>[0];

function questionnairesRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires',
    summary: 'The questionnaires of a round',
    tag: TAG,
    params: roundParams,
    response: z.array(summarySchema),
    handler: async (ctx) => {
      const { round } = await roundOf(ctx);
      const rows = await ctx.inTrust((tx) => listQuestionnaires(tx, round.id));
      return rows.map((r) => summaryOf(r.questionnaire, r.responses));
    },
  });
}

const createBody = z.object({
  audience: z.enum(AUDIENCE_KEYS).describe('Who the questionnaire is for'),
  title: z
    .string()
    .trim()
    .min(1, 'Enter a title')
    .max(120, 'Title must be 120 characters or fewer'),
  areas: z.array(z.string()).optional().describe('Area keys to ask about; all seven when left out'),
  drillDown: z
    .string()
    .nullable()
    .default(null)
    .describe('A drill-down key of the version, or null'),
  opensOn: z.iso.date().describe("First day it can be answered: within the round's dates"),
  closesOn: z.iso
    .date()
    .describe("Last day it can be answered: on or after opensOn, and on or before the round's end"),
  aboutYou: z
    .array(z.enum(ABOUT_KEYS))
    .default(['sector'])
    .describe('About-you questions: sector, role-level, locality'),
  languages: z
    .array(z.string())
    .default(['en'])
    .describe('Language codes; English is always added'),
});

const API_FIELDS: Record<string, string> = { opens: 'opensOn', closes: 'closesOn' };

function createRoute(s: QuestionnaireServices) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires',
    summary: 'Sets up a questionnaire',
    tag: TAG,
    roles: WRITE,
    params: roundParams,
    body: createBody,
    status: 201,
    response: detailSchema,
    handler: async (ctx) => {
      const { round, version } = await roundOf(ctx);
      const offerable = await ctx.inTrust((tx) => offerableLanguages(tx, round.frameworkVersion));
      const b = ctx.body;
      const input = {
        offerable,
        audience: b.audience,
        title: b.title,
        areaKeys: b.areas ?? version.areas.map((a) => a.key),
        drillDownKey: b.drillDown,
        opensOn: b.opensOn,
        closesOn: b.closesOn,
        about: b.aboutYou,
        languages: b.languages,
      };
      const errors = checkQuestionnaire(version, input, round);
      if (errors.length > 0)
        throw new ValidationError(
          errors.map((e) => ({ ...e, field: API_FIELDS[e.field] ?? e.field })),
        );
      const db = s.db;
      const q = await createQuestionnaire(db, apiTrust(ctx).id, apiActor(ctx), round.id, input);
      return detailOf(ctx, s.config.baseUrl, version, q);
    },
  });
}

function questionnaireRoute(s: QuestionnaireServices) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires/:questionnaire',
    summary: 'A questionnaire with its pages, open links and invitation counts',
    tag: TAG,
    params: questionnaireParams,
    response: detailSchema,
    handler: async (ctx) => {
      const { version, q } = await questionnaireOf(ctx);
      return detailOf(ctx, s.config.baseUrl, version, q);
    },
  });
}

function createLinkRoute(s: QuestionnaireServices) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires/:questionnaire/links',
    summary: 'Creates an open link for a sector (or for any sector)',
    description:
      'One link per sector: a sector that already has a link answers 400, and so does a round that is still planning (links open only once it collects responses).',
    tag: TAG,
    roles: WRITE,
    params: questionnaireParams,
    body: z.object({
      sector: z.string().nullable().describe('Sector key, or null for a link where people choose'),
    }),
    status: 201,
    response: linkSchema,
    handler: async (ctx) => {
      const { q, round } = await questionnaireOf(ctx);
      const db = s.db;
      const outcome = await createLink(
        db,
        apiTrust(ctx).id,
        apiActor(ctx),
        q,
        round,
        ctx.body.sector,
      );
      if (!outcome.ok) throw new ValidationError(outcome.errors);
      const sectors = await ctx.inTrust(listSectors);
      const link = outcome.link;
      return {
        id: link.id,
        sector: link.sectorKey,
        sectorName:
          link.sectorKey === null
            ? ANY_SECTOR_NAME
            : (sectors.find((s) => s.key === link.sectorKey)?.name ?? link.sectorKey),
        url: linkUrl(s.config.baseUrl, link.code),
        open: link.closedAt === null,
      };
    },
  });
}

/** The questionnaire operations of the API (invitations first), in the order of the OpenAPI document. */
export function questionnairesApi(s: QuestionnaireServices) {
  return [
    ...invitationsApi(s),
    questionnairesRoute(),
    createRoute(s),
    questionnaireRoute(s),
    createLinkRoute(s),
  ];
}
