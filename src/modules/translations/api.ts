import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../web/xlsx.ts';
import { HEADERS, templateWorkbook } from './workbook.ts';
import type { TrustTranslations } from './service.ts';

// A trust's translations in the JSON API, the same service calls as the pages: the list, the
// workbook to translate, the upload of a filled one (replacing the language's earlier one
// whole) and removal. Changes need a trust admin token; any token of the trust may read.

const TAG = 'Translations';
const WRITE = ['trust-admin'] as const;

const trustParams = z.object({ trust: z.string().describe('The trust slug') });
const oneParams = trustParams.extend({
  version: z.string().describe('Framework version key, e.g. 2026.1'),
  language: z.string().describe('Language code (BCP 47), e.g. ar, so or pa-Arab'),
});

const translationOut = z.object({
  version: z.string().describe('Framework version key'),
  language: z.string().describe('Language code (BCP 47)'),
  name: z.string().describe("The language's name in English"),
  nativeName: z.string().describe("The language's name in itself"),
  dir: z.enum(['ltr', 'rtl']).describe('Which way it is written'),
  texts: z.number().int().describe('Texts translated (every text of the version)'),
  uploadedBy: z.string(),
  uploadedAt: z.string().describe('ISO 8601 date and time'),
});

const example = {
  version: '2026.1',
  language: 'so',
  name: 'Somali',
  nativeName: 'Soomaali',
  dir: 'ltr' as const,
  texts: 583,
  uploadedBy: 'API token: translations',
  uploadedAt: '2026-03-02T10:15:00.000Z',
};

const rowOut = z.object({
  key: z.string(),
  where: z.string().describe('Where the text is shown'),
  english: z.string(),
  translation: z.string().describe('Filled in from the language given, else empty'),
});

const templateOut = z.object({
  version: z.string(),
  language: z.string().nullable(),
  columns: z.array(z.string()),
  rows: z.array(rowOut),
});

function listRoute(s: { translations: TrustTranslations }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/translations',
    summary: "The trust's own translations of its questionnaires",
    description:
      'One per framework version and language. The languages the service provides itself (Welsh, Arabic) are not listed unless the trust uploaded its own wording for them.',
    tag: TAG,
    params: trustParams,
    response: z.array(translationOut),
    example: { response: [example] },
    handler: (ctx) => s.translations.list(apiTrust(ctx).id),
  });
}

function templateRoute(s: { translations: TrustTranslations }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/translations/template',
    summary: 'The texts of a framework version to translate (JSON, or the Excel workbook)',
    description:
      'One row per text a respondent reads: the framework text, the areas in children’s and families’ words, and the wording of the questionnaire pages. With `format=xlsx`, the workbook to fill in and upload (its Translation sheet: Key, Where it is used, English, Translation). With `language`, the Translation column is filled with the trust’s own translation in it, or else the service’s own.',
    tag: TAG,
    params: trustParams,
    query: z.object({
      version: z.string().describe('Framework version key, e.g. 2026.1'),
      language: z.string().optional().describe('Fill in the translation column in this language'),
      format: z.enum(['json', 'xlsx']).default('json'),
    }),
    response: templateOut,
    example: {
      response: {
        version: '2026.1',
        language: null,
        columns: HEADERS,
        rows: [
          {
            key: 'respondent.pageOf',
            where: 'Questionnaire pages',
            english: 'Page {n} of {total}',
            translation: '',
          },
        ],
      },
    },
    handler: async (ctx) => {
      const { version, language, format } = ctx.query;
      const t = await s.translations.template(apiTrust(ctx).id, version, language);
      if (format === 'xlsx') {
        const name = `translation-${t.version}${language === undefined ? '' : `-${language}`}.xlsx`;
        await sendXlsx(ctx.reply, name, await templateWorkbook(t.texts, t.filled));
      }
      return {
        version: t.version,
        language: language ?? null,
        columns: HEADERS,
        rows: t.texts.map((x) => ({ ...x, translation: t.filled[x.key] ?? '' })),
      };
    },
  });
}

/** Where an upload's problem is in the API's request: the body, the language or its names. */
const apiField = (field: string) =>
  field === 'body' ? 'body' : field === 'code' ? 'params.language' : `query.${field}`;

const NOT_WORKBOOK = `Send the filled workbook as the body, with Content-Type: ${XLSX_CONTENT_TYPE}`;
/** The body as sent: checked in the handler, so that a problem with it names the body. */
const workbookBody = z.unknown().describe('The filled workbook (.xlsx)');

function putRoute(s: { translations: TrustTranslations }) {
  return defineApiRoute({
    method: 'PUT',
    url: '/api/v1/trusts/:trust/translations/:version/:language',
    summary: 'Uploads a filled translation workbook, replacing the language’s earlier one',
    description: [
      `Send the workbook (from …/translations/template?format=xlsx, its Translation column filled in) as the body with \`Content-Type: ${XLSX_CONTENT_TYPE}\`, up to 10 MB.`,
      'For a language the service knows (cy, ar) its own names and direction are used. For another, give `name`, `nativeName` and `dir` (ltr or rtl) in the query.',
      'All or nothing: every text of the version must be there once, translated, keeping its {placeholders}, and no other key. Otherwise nothing is stored and the answer is a 400 problem whose `errors` are `{ field: "body", message, rows, keys }`, one per kind of problem, `rows` being the sheet’s row numbers (the header is row 1).',
    ].join('\n\n'),
    tag: TAG,
    roles: WRITE,
    params: oneParams,
    query: z.object({
      name: z.string().optional().describe("A new language's name in English"),
      nativeName: z.string().optional().describe("A new language's name in itself"),
      dir: z.string().optional().describe("A new language's direction: ltr or rtl"),
    }),
    body: workbookBody,
    bodyContentType: XLSX_CONTENT_TYPE,
    response: translationOut,
    example: { response: example },
    handler: async (ctx) => {
      if (!Buffer.isBuffer(ctx.body))
        throw new ValidationError([{ field: 'body', message: NOT_WORKBOOK }]);
      const result = await s.translations.upload(apiTrust(ctx).id, apiActor(ctx), {
        version: ctx.params.version,
        language: { code: ctx.params.language, ...ctx.query },
        bytes: ctx.body,
        field: 'body',
      });
      if (!result.ok)
        throw new ValidationError(result.errors.map((e) => ({ ...e, field: apiField(e.field) })));
      return result.translation;
    },
  });
}

function deleteRoute(s: { translations: TrustTranslations }) {
  return defineApiRoute({
    method: 'DELETE',
    url: '/api/v1/trusts/:trust/translations/:version/:language',
    summary: 'Removes one of the trust’s translations',
    description:
      'Questionnaires offered in a language the service provides use its own wording again; those in another language are no longer offered in it.',
    tag: TAG,
    roles: WRITE,
    params: oneParams,
    response: z.object({ removed: translationOut }),
    example: { response: { removed: example } },
    handler: async (ctx) => {
      const trust = apiTrust(ctx);
      const { version, language } = ctx.params;
      const found = await s.translations.find(trust.id, version, language);
      if (
        found === undefined ||
        !(await s.translations.remove(trust.id, apiActor(ctx), version, language))
      )
        throw new NotFoundError();
      return { removed: found };
    },
  });
}

export function translationsApi(s: { translations: TrustTranslations }) {
  return [listRoute(s), templateRoute(s), putRoute(s), deleteRoute(s)];
}
