import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { ValidationError, type FieldError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import {
  apiFieldError,
  detailOf,
  detailSchema,
  questionnaireFields,
  questionnaireOf,
  questionnaireParams,
  TAG,
  WRITE,
} from './api-shared.ts';
import { offerableLanguages } from '../translations/index.ts';
import { DETAIL_EXAMPLE } from './api-examples.ts';
import { countResponses, findQuestionnaire, type QuestionnaireRow } from './repository.ts';
import {
  checkQuestionnaire,
  inputOf,
  normaliseLanguages,
  updateQuestionnaire,
  type QuestionnaireInput,
} from './service.ts';

// Changing a questionnaire in the JSON API: the fields of its edit page, by the same rules
// and service call (service.ts). Once it has responses only its dates may change, as on the
// page; a change to anything else is then refused, naming the field.

interface EditServices {
  db: Database;
  config: Pick<Config, 'baseUrl'>;
}

const patchBody = z
  .object(questionnaireFields)
  .partial()
  .describe('The fields to change; those left out keep their values');

type Patch = z.infer<typeof patchBody>;

/** The questionnaire as it would be with the patch. */
function patched(stored: QuestionnaireInput, b: Patch): QuestionnaireInput {
  return {
    audience: b.audience ?? stored.audience,
    title: b.title ?? stored.title,
    areaKeys: b.areas ?? stored.areaKeys,
    drillDownKey: b.drillDown === undefined ? stored.drillDownKey : b.drillDown,
    opensOn: b.opensOn ?? stored.opensOn,
    closesOn: b.closesOn ?? stored.closesOn,
    about: b.aboutYou ?? stored.about,
    languages: b.languages ?? stored.languages,
  };
}

const LOCKED = 'This questionnaire has responses, so only its dates can change';

/** The fields a questionnaire with responses may not change that the patch would change. */
function lockedChanges(stored: QuestionnaireInput, next: QuestionnaireInput): FieldError[] {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
  const changed: [string, boolean][] = [
    ['audience', stored.audience !== next.audience],
    ['title', stored.title !== next.title],
    ['areas', !same(stored.areaKeys, next.areaKeys)],
    ['drillDown', stored.drillDownKey !== next.drillDownKey],
    ['aboutYou', !same(stored.about, next.about)],
    ['languages', !same(normaliseLanguages(stored.languages), normaliseLanguages(next.languages))],
  ];
  return changed.filter(([, c]) => c).map(([field]) => ({ field, message: LOCKED }));
}

/** What is wrong with the change: the rules of a questionnaire, and what its responses lock. */
function problems(
  ctx: Awaited<ReturnType<typeof questionnaireOf>>,
  next: QuestionnaireInput,
  locked: boolean,
): FieldError[] {
  const stored = inputOf(ctx.q);
  const errors = checkQuestionnaire(ctx.version, next, ctx.round).map(apiFieldError);
  if (!locked) return errors;
  const dates = errors.filter((e) => e.field === 'opensOn' || e.field === 'closesOn');
  return [...lockedChanges(stored, next), ...dates];
}

function changeRoute(s: EditServices) {
  return defineApiRoute({
    method: 'PATCH',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires/:questionnaire',
    summary: 'Changes a questionnaire',
    description: `The fields of the page that changes it, each optional: those left out keep their values. The rules of a new questionnaire apply to the result. Once the questionnaire has responses only opensOn and closesOn may change (what it asks must stay as it was answered): a change to any other field answers 400 "${LOCKED}".`,
    tag: TAG,
    roles: WRITE,
    params: questionnaireParams,
    body: patchBody,
    response: detailSchema,
    example: {
      request: { closesOn: '2026-04-10' },
      response: { ...DETAIL_EXAMPLE, closesOn: '2026-04-10' },
    },
    handler: async (ctx) => {
      const found = await questionnaireOf(ctx);
      const offerable = await ctx.inTrust((tx) =>
        offerableLanguages(tx, found.round.frameworkVersion),
      );
      const next = { ...patched(inputOf(found.q), ctx.body), offerable };
      const locked = (await ctx.inTrust((tx) => countResponses(tx, found.q.id))) > 0;
      const errors = problems(found, next, locked);
      if (errors.length > 0) throw new ValidationError(errors);
      const trustId = apiTrust(ctx).id;
      await updateQuestionnaire(s.db, trustId, apiActor(ctx), found.q, next);
      const saved: QuestionnaireRow | undefined = await ctx.inTrust((tx) =>
        findQuestionnaire(tx, found.round.id, found.q.id),
      );
      return detailOf(ctx, s.config.baseUrl, found.version, saved ?? found.q);
    },
  });
}

/** The operations that change a questionnaire, in the order of the OpenAPI document. */
export function editApi(s: EditServices) {
  return [changeRoute(s)];
}
