import { z } from 'zod';
import { ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { offerableLanguages } from '../translations/index.ts';
import {
  apiFieldError,
  detailOf,
  detailSchema,
  questionnaireOf,
  questionnaireFields,
  questionnaireParams,
  roundOf,
  roundParams,
  summaryOf,
  summarySchema,
  TAG,
  WRITE,
} from './api-shared.ts';
import { SUMMARY_EXAMPLE, DETAIL_EXAMPLE } from './api-examples.ts';
import { invitationsApi } from './api-invitations.ts';
import { editApi } from './api-edit.ts';
import { linksApi } from './api-links.ts';
import { listQuestionnaires } from './repository.ts';
import { checkQuestionnaire, createQuestionnaire } from './service.ts';

// Questionnaires in the JSON API: listing, setting up and reading them. Changing one is in
// api-edit.ts, open links in api-links.ts, invitations and response counts in
// api-invitations.ts.

const NO_INVITATIONS = { invited: 0, sent: 0, reminded: 0, opened: 0, notOpened: 0 };

type QuestionnaireServices = Parameters<typeof invitationsApi>[0];

function questionnairesRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires',
    summary: 'The questionnaires of a round',
    tag: TAG,
    params: roundParams,
    response: z.array(summarySchema),
    example: { response: [SUMMARY_EXAMPLE] },
    handler: async (ctx) => {
      const { round } = await roundOf(ctx);
      const rows = await ctx.inTrust((tx) => listQuestionnaires(tx, round.id));
      return rows.map((r) => summaryOf(r.questionnaire, r.responses));
    },
  });
}

const createBody = z.object({
  ...questionnaireFields,
  areas: questionnaireFields.areas
    .optional()
    .describe('Area keys to ask about; all seven when left out'),
  drillDown: questionnaireFields.drillDown
    .default(null)
    .describe('A drill-down key of the version, or null (the default)'),
  aboutYou: questionnaireFields.aboutYou
    .default(['sector'])
    .describe('About-you questions: sector, role-level, locality; sector when left out'),
  languages: questionnaireFields.languages
    .default(['en'])
    .describe('Language codes; English is always added'),
});

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
    example: {
      request: {
        audience: 'frontline',
        title: 'Frontline practitioners 2026',
        areas: ['shared-identity', 'integrated-working'],
        opensOn: '2026-02-02',
        closesOn: '2026-03-27',
        aboutYou: ['sector', 'role-level'],
        languages: ['en', 'cy'],
      },
      response: { ...DETAIL_EXAMPLE, responses: 0, links: [], invitations: NO_INVITATIONS },
    },
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
      if (errors.length > 0) throw new ValidationError(errors.map(apiFieldError));
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
    example: { response: DETAIL_EXAMPLE },
    handler: async (ctx) => {
      const { version, q } = await questionnaireOf(ctx);
      return detailOf(ctx, s.config.baseUrl, version, q);
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
    ...editApi(s),
    ...linksApi(s),
  ];
}
