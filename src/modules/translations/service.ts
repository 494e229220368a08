import { createHash } from 'node:crypto';
import type { Database, Tx } from '../../db/client.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import type { FieldError } from '../../kernel/errors.ts';
import type { FrameworkVersions } from '../framework/index.ts';
import type { RespondentWording, Texts } from './catalogue.ts';
import { normaliseTag, readLanguage, type LanguageInput } from './language.ts';
import { direction, ownTranslations } from './own.ts';
import { versionSources } from './sources.ts';
import * as repo from './repository.ts';
import { readTranslationWorkbook, type WorkbookProblem } from './workbook.ts';

// A trust's translations of its questionnaires: the workbook to fill in for a framework
// version, the upload (checked whole, stored whole, audited, replacing the earlier one for
// the language), removal, and what the questionnaires and the respondent's pages read.

export interface TranslationsDeps {
  db: Database;
  versions: FrameworkVersions;
  /** The respondent pages' own wording in a language, or null when the product has none. */
  respondentWording: (code: string) => RespondentWording | null;
}

export interface TranslationSummary {
  version: string;
  language: string;
  name: string;
  nativeName: string;
  dir: 'ltr' | 'rtl';
  texts: number;
  uploadedBy: string;
  uploadedAt: string;
}

export type UploadResult =
  | { ok: true; translation: TranslationSummary; replaced: boolean }
  | { ok: false; errors: WorkbookProblem[] };

export function summaryOf(row: repo.TranslationRow): TranslationSummary {
  return {
    version: row.version,
    language: row.language,
    name: row.name,
    nativeName: row.nativeName,
    dir: direction(row.dir),
    texts: row.textCount,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}

const checksumOf = (texts: Texts) =>
  createHash('sha256')
    .update(JSON.stringify(Object.entries(texts).sort(([a], [b]) => (a < b ? -1 : 1))))
    .digest('hex');

export function createTrustTranslations(deps: TranslationsDeps) {
  const { db, versions, respondentWording } = deps;
  const { versionTexts, filledTexts } = versionSources(versions, respondentWording);

  return {
    versionTexts,

    /** The template's rows for a version, filled in for a language if one is given. */
    template(trustId: string, versionKey: string, language?: string) {
      return db.withTrust(trustId, async (tx) => {
        const { version, texts } = await versionTexts(tx, versionKey);
        return { version: version.key, texts, filled: await filledTexts(tx, version, language) };
      });
    },

    list(trustId: string): Promise<TranslationSummary[]> {
      return db.withTrust(trustId, async (tx) => (await repo.listTranslations(tx)).map(summaryOf));
    },

    find(trustId: string, versionKey: string, language: string) {
      return db.withTrust(trustId, async (tx) => {
        const row = await repo.findTranslation(tx, versionKey, language);
        return row === undefined ? undefined : summaryOf(row);
      });
    },

    /** Checks a filled workbook whole; stores it only if every text is right. */
    upload(
      trustId: string,
      actor: Actor,
      input: { version: string; language: LanguageInput; bytes: Buffer; field?: string },
    ): Promise<UploadResult> {
      return upload({ db, versionTexts }, trustId, actor, input);
    },

    /** Removes a translation; false if there was none. */
    remove: (trustId: string, actor: Actor, versionKey: string, language: string) =>
      remove(db, trustId, actor, { version: versionKey, language }),

    ...ownTranslations(),
  };
}

export type TrustTranslations = ReturnType<typeof createTrustTranslations>;

/** A language the trust translated before keeps its names and direction unless new ones are given. */
async function withKnownNames(tx: Tx, input: LanguageInput): Promise<LanguageInput> {
  const code = normaliseTag(input.code);
  const given = [input.name, input.nativeName, input.dir].some((v) => v !== undefined && v !== '');
  if (code === null || given) return input;
  const [earlier] = (await repo.listTranslations(tx)).filter((r) => r.language === code);
  return earlier === undefined
    ? input
    : { code: input.code, name: earlier.name, nativeName: earlier.nativeName, dir: earlier.dir };
}

async function upload(
  s: { db: Database; versionTexts: TrustTranslations['versionTexts'] },
  trustId: string,
  actor: Actor,
  input: { version: string; language: LanguageInput; bytes: Buffer; field?: string },
): Promise<UploadResult> {
  const field = input.field ?? 'file';
  return s.db.withTrust(trustId, async (tx) => {
    const language = readLanguage(await withKnownNames(tx, input.language));
    const errors: FieldError[] = language.ok ? [] : language.errors;
    const { texts } = await s.versionTexts(tx, input.version);
    const read = await readTranslationWorkbook(input.bytes, texts, input.version, field);
    if (!read.ok || !language.ok)
      return { ok: false, errors: [...errors, ...(read.ok ? [] : read.problems)] };
    const l = language.language;
    const before = await repo.findTranslation(tx, input.version, l.code);
    const row = await repo.putTranslation(tx, {
      trustId,
      version: input.version,
      language: l.code,
      name: l.name,
      nativeName: l.nativeName,
      dir: l.dir,
      texts: read.texts,
      checksum: checksumOf(read.texts),
      uploadedBy: actor.label,
    });
    await audit(tx, actor, {
      trustId,
      action: before === undefined ? 'uploaded translation' : 'replaced translation',
      entity: 'translation',
      entityId: row.id,
      details: { version: input.version, language: l.code, name: l.name, texts: row.textCount },
    });
    return { ok: true, translation: summaryOf(row), replaced: before !== undefined };
  });
}

async function remove(
  db: Database,
  trustId: string,
  actor: Actor,
  at: { version: string; language: string },
): Promise<boolean> {
  return db.withTrust(trustId, async (tx) => {
    const row = await repo.findTranslation(tx, at.version, at.language);
    if (row === undefined || !(await repo.deleteTranslation(tx, at.version, at.language)))
      return false;
    await audit(tx, actor, {
      trustId,
      action: 'removed translation',
      entity: 'translation',
      entityId: row.id,
      details: { version: at.version, language: at.language, name: row.name },
    });
    return true;
  });
}
