import { LRUCache } from 'lru-cache';
import type { Tx } from '../../db/client.ts';
import { findVersionRow, versionWith, type VersionSummary } from './repository.ts';
import { frameworkVersionSchema, type FrameworkVersion } from './schema.ts';
import { loadTranslation, translateVersion, type Translation } from './translations.ts';

// Framework versions as the application reads them, kept in memory where they cannot
// change: content parsed once per checksum, a version used by a round (locked) by its key,
// and each translation file once.

export type VersionWithContent = VersionSummary & { content: FrameworkVersion };

export function createFrameworkVersions() {
  const parsed = new LRUCache<string, FrameworkVersion>({ max: 100 });
  const locked = new LRUCache<string, FrameworkVersion>({ max: 100 });
  // LRUCache holds no null: a missing file is remembered as { translation: null }.
  const translations = new LRUCache<string, { translation: Translation | null }>({ max: 100 });

  /** A version with its content, or undefined if there is none with this key. */
  async function get(tx: Tx, key: string): Promise<VersionWithContent | undefined> {
    const row = await findVersionRow(tx, key);
    if (row === undefined) return undefined;
    let content = parsed.get(row.checksum);
    if (content === undefined) {
      content = frameworkVersionSchema.parse(row.content);
      parsed.set(row.checksum, content);
    }
    return versionWith(row, content);
  }

  /** A version's content; one used by a round is read from the database only once. */
  async function content(tx: Tx, key: string): Promise<FrameworkVersion | undefined> {
    const cached = locked.get(key);
    if (cached !== undefined) return cached;
    const found = await get(tx, key);
    if (found === undefined) return undefined;
    if (found.lockedAt !== null) locked.set(key, found.content);
    return found.content;
  }

  /** The version's text in a language; English wherever a translation is missing. */
  function translate(version: FrameworkVersion, language: string): FrameworkVersion {
    if (language === 'en') return version;
    const key = `${version.key}.${language}`;
    let found = translations.get(key);
    if (found === undefined) {
      found = { translation: loadTranslation(version.key, language) };
      translations.set(key, found);
    }
    return translateVersion(version, found.translation);
  }

  return { get, content, translate };
}

export type FrameworkVersions = ReturnType<typeof createFrameworkVersions>;
