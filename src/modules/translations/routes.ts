import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { NotFoundError, type FieldError } from '../../kernel/errors.ts';
import { errorView, formBody } from '../../web/forms.ts';
import { flashFor } from '../../web/http.ts';
import { requireTrust } from '../../web/session.ts';
import { sendXlsx } from '../../web/xlsx.ts';
import { hasBuiltInTranslation, LANGUAGES, listVersions } from '../framework/index.ts';
import type { TranslationSummary, TrustTranslations } from './service.ts';
import { readLanguage } from './language.ts';
import { readUploadForm } from './upload-form.ts';
import { templateWorkbook } from './workbook.ts';

// The trust admin's translation pages (Trust set-up → Translations): what the trust's
// questionnaires can be offered in, the workbook to translate, the upload, and removal.

type Params = { Params: { trust: string } };
type OneParams = { Params: { trust: string; version: string; language: string } };

const FLASH = {
  uploaded: 'Translation uploaded. Questionnaires can now be offered in it.',
  replaced: 'Translation replaced. Questionnaires offered in it now use the new texts.',
  removed: 'Translation removed',
};

/** A new language, in the upload form's language choice. */
const OTHER = 'other';

function admin(request: FastifyRequest, slug: string) {
  const { auth, trust } = requireTrust(request, slug, ['trust-admin']);
  const settings = `/trusts/${trust.slug}/settings`;
  return {
    trust,
    actor: { userId: auth.user.id, label: auth.user.email },
    base: `${settings}/translations`,
    breadcrumbs: [
      { text: trust.name, href: `/trusts/${trust.slug}` },
      { text: 'Trust set-up', href: settings },
      { text: 'Translations', href: `${settings}/translations` },
    ],
  };
}
type Admin = ReturnType<typeof admin>;

async function publishedVersions(db: Database, trustId: string) {
  const all = await db.withTrust(trustId, listVersions);
  return all.filter((v) => v.status === 'published').map((v) => ({ key: v.key, title: v.title }));
}

export async function translationRoutes(
  app: FastifyInstance,
  options: { db: Database; translations: TrustTranslations },
) {
  const { db, translations } = options;

  app.get<Params>('/trusts/:trust/settings/translations', async (request, reply) => {
    const ctx = admin(request, request.params.trust);
    const [versions, own] = await Promise.all([
      publishedVersions(db, ctx.trust.id),
      translations.list(ctx.trust.id),
    ]);
    return reply.page('translations/views/list.njk', {
      title: 'Translations',
      breadcrumbs: ctx.breadcrumbs.slice(0, 2),
      base: ctx.base,
      flash: flashFor(request, FLASH),
      versions: versions.map((v) => ({
        ...v,
        builtIn: LANGUAGES.filter((l) => l.code !== 'en' && hasBuiltInTranslation(v.key, l.code)),
        own: own.filter((t) => t.version === v.key),
      })),
    });
  });

  app.get<Params>('/trusts/:trust/settings/translations/template', async (request, reply) => {
    const ctx = admin(request, request.params.trust);
    const query = request.query as Record<string, unknown>;
    const version = typeof query.version === 'string' ? query.version : '';
    const language =
      typeof query.language === 'string' && query.language !== '' ? query.language : undefined;
    const template = await translations.template(ctx.trust.id, version, language);
    const name = `translation-${template.version}${language === undefined ? '' : `-${language}`}.xlsx`;
    return sendXlsx(reply, name, await templateWorkbook(template.texts, template.filled));
  });

  uploadPages(app, options);
  removePages(app, translations);
}

// ---- Upload ----

interface UploadValues {
  version: string;
  language: string;
  code: string;
  name: string;
  nativeName: string;
  dir: string;
}

async function renderUpload(
  reply: FastifyReply,
  ctx: Admin,
  s: { db: Database; translations: TrustTranslations },
  values: UploadValues,
  errors?: FieldError[],
) {
  const [versions, own] = await Promise.all([
    publishedVersions(s.db, ctx.trust.id),
    s.translations.list(ctx.trust.id),
  ]);
  const theirs = [
    ...new Map(
      own.filter((t) => !LANGUAGES.some((l) => l.code === t.language)).map((t) => [t.language, t]),
    ).values(),
  ];
  const known = [
    ...LANGUAGES.filter((l) => l.code !== 'en'),
    ...theirs.map((t) => ({ code: t.language, name: t.name, nativeName: t.nativeName })),
  ];
  return reply.code(errors ? 400 : 200).page('translations/views/upload.njk', {
    title: 'Upload a translation',
    breadcrumbs: ctx.breadcrumbs,
    base: ctx.base,
    values,
    versionItems: versions.map((v) => ({
      value: v.key,
      text: `${v.key}: ${v.title}`,
      checked: values.version === v.key || versions.length === 1,
    })),
    languageItems: known.map((l) => ({
      value: l.code,
      html: `${l.name} (<span lang="${l.code}">${escapeHtml(l.nativeName)}</span>)`,
      checked: values.language === l.code,
    })),
    otherChecked: values.language === OTHER,
    errors: errors ? errorView(errors) : undefined,
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function uploadPages(app: FastifyInstance, s: { db: Database; translations: TrustTranslations }) {
  const url = '/trusts/:trust/settings/translations/upload';
  app.get<Params>(url, async (request, reply) => {
    const ctx = admin(request, request.params.trust);
    const query = formBody(request.query);
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    return renderUpload(reply, ctx, s, {
      version: str(query.version),
      language: str(query.language),
      code: '',
      name: '',
      nativeName: '',
      dir: '',
    });
  });

  app.post<Params>(url, async (request, reply) => {
    const ctx = admin(request, request.params.trust);
    const form = await readUploadForm(request);
    const f = form.fields;
    const values: UploadValues = {
      version: f.version ?? '',
      language: f.language ?? '',
      code: f.code ?? '',
      name: f.name ?? '',
      nativeName: f.nativeName ?? '',
      dir: f.dir ?? '',
    };
    const errors = await formErrors(s, ctx, values, form);
    if (errors.length > 0 || form.file === null) return renderUpload(reply, ctx, s, values, errors);
    const own = (await s.translations.list(ctx.trust.id)).find(
      (t) => t.language === values.language,
    );
    const language =
      values.language === OTHER
        ? { code: values.code, name: values.name, nativeName: values.nativeName, dir: values.dir }
        : {
            code: values.language,
            ...(own === undefined
              ? {}
              : { name: own.name, nativeName: own.nativeName, dir: own.dir }),
          };
    const result = await s.translations.upload(ctx.trust.id, ctx.actor, {
      version: values.version,
      language,
      bytes: form.file.bytes,
    });
    if (!result.ok) return renderUpload(reply, ctx, s, values, result.errors);
    return reply.redirect(`${ctx.base}?done=${result.replaced ? 'replaced' : 'uploaded'}`, 303);
  });
}

/** What the form itself lacks, before the workbook is read. */
async function formErrors(
  s: { db: Database },
  ctx: Admin,
  values: UploadValues,
  form: Awaited<ReturnType<typeof readUploadForm>>,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const versions = await publishedVersions(s.db, ctx.trust.id);
  if (!versions.some((v) => v.key === values.version))
    errors.push({ field: 'version', message: 'Select the framework version the workbook is for' });
  if (values.language === '')
    errors.push({ field: 'language', message: 'Select the language of the translation' });
  const file: FieldError | null =
    form.problem ??
    (form.file === null
      ? { field: 'file', message: 'Choose the filled workbook (.xlsx)' }
      : form.file.bytes.length === 0
        ? { field: 'file', message: 'The selected file is empty' }
        : null);
  // With a file to read, the upload itself checks the language, beside the workbook.
  if (file !== null && values.language === OTHER) {
    const language = readLanguage(values);
    if (!language.ok) errors.push(...language.errors);
  }
  if (file !== null) errors.push(file);
  return errors;
}

// ---- Removal ----

function removePages(app: FastifyInstance, translations: TrustTranslations) {
  const url = '/trusts/:trust/settings/translations/:version/:language/remove';
  const found = async (request: FastifyRequest<OneParams>) => {
    const ctx = admin(request, request.params.trust);
    const { version, language } = request.params;
    const translation: TranslationSummary | undefined = await translations.find(
      ctx.trust.id,
      version,
      language,
    );
    return { ctx, translation };
  };
  app.get<OneParams>(url, async (request, reply) => {
    const { ctx, translation } = await found(request);
    if (translation === undefined) throw new NotFoundError();
    return reply.page('translations/views/remove.njk', {
      title: `Remove the ${translation.name} translation of version ${translation.version}?`,
      breadcrumbs: ctx.breadcrumbs,
      base: ctx.base,
      translation,
      builtIn: hasBuiltInTranslation(translation.version, translation.language),
      action: `${ctx.base}/${encodeURIComponent(translation.version)}/${encodeURIComponent(translation.language)}/remove`,
    });
  });
  app.post<OneParams>(url, async (request, reply) => {
    const { ctx, translation } = await found(request);
    if (translation === undefined) throw new NotFoundError();
    await translations.remove(ctx.trust.id, ctx.actor, translation.version, translation.language);
    return reply.redirect(`${ctx.base}?done=removed`, 303);
  });
}
