import { LRUCache } from 'lru-cache';
import type { Tx } from '../../db/client.ts';
import { hasBuiltInTranslation, LANGUAGES, type Language } from '../framework/index.ts';
import { partsOf, type Parts } from './parts.ts';
import * as repo from './repository.ts';

// What the rest of the product reads of a trust's translations: the languages a
// questionnaire may be offered in, and the texts the respondent's pages use. Both run in the
// trust's own transaction, so one trust's translations never reach another's questionnaires.

/** A trust's translation as the respondent's pages use it. */
export interface OwnTranslation {
  language: Language;
  /** Changes with every upload: what a page remembers a translation by. */
  checksum: string;
  parts: Parts;
}

export const direction = (dir: string): 'ltr' | 'rtl' => (dir === 'rtl' ? 'rtl' : 'ltr');

/** The language of a trust's translation (the product's own entry, if it has one). */
export const languageOf = (row: repo.TranslationRow): Language =>
  LANGUAGES.find((l) => l.code === row.language) ?? {
    code: row.language,
    name: row.name,
    nativeName: row.nativeName,
    dir: direction(row.dir),
  };

export function ownTranslations() {
  // Parsed once per upload (the checksum changes with each): the texts of every respondent
  // page come from here.
  const parts = new LRUCache<string, Parts>({ max: 200 });

  /** The trust's translations of a version, by language code. */
  async function own(tx: Tx, versionKey: string): Promise<Map<string, OwnTranslation>> {
    const found = new Map<string, OwnTranslation>();
    for (const row of await repo.listTranslations(tx, versionKey)) {
      const cacheKey = `${row.id}:${row.checksum}`;
      let p = parts.get(cacheKey);
      if (p === undefined) {
        const texts = await repo.translationTexts(tx, row.id);
        if (texts === undefined) continue;
        p = partsOf(versionKey, row.language, texts);
        parts.set(cacheKey, p);
      }
      found.set(row.language, { language: languageOf(row), checksum: row.checksum, parts: p });
    }
    return found;
  }

  return { own, offerable: offerableLanguages };
}

/**
 * The languages a questionnaire of this version may be offered in, besides English: the
 * product's own that have the version's framework text, then the trust's own translations
 * (by name). In the trust's own transaction.
 */
export async function offerableLanguages(tx: Tx, versionKey: string): Promise<Language[]> {
  const rows = await repo.listTranslations(tx, versionKey);
  const builtIn = LANGUAGES.filter(
    (l) =>
      l.code !== 'en' &&
      (hasBuiltInTranslation(versionKey, l.code) || rows.some((r) => r.language === l.code)),
  );
  const others = rows
    .filter((r) => !LANGUAGES.some((l) => l.code === r.language))
    .map(languageOf)
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return [...builtIn, ...others];
}
