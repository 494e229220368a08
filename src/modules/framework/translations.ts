import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { FrameworkVersion } from './schema.ts';

// Framework text in other languages: one file per version and language,
// data/translations/<version>.<language>.json. Anything missing falls back to English.

export interface Language {
  code: string;
  /** The language's name in English, and in itself. */
  name: string;
  nativeName: string;
  dir: 'ltr' | 'rtl';
  /**
   * The digits numbers and dates are written in (a Unicode numbering system, e.g. 'arab' for
   * Arabic-Indic digits), when the language's own default in Intl is not what we choose.
   */
  numberingSystem?: string;
}

/**
 * Languages a questionnaire may be offered in. Add one here with its files to offer more (a
 * trust can also offer a language of its own by uploading a translation).
 *
 * Arabic is written with Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩), chosen here rather than left to
 * Intl: Node's ICU (CLDR 42 and later) gives Western digits for plain 'ar', while the Arabic
 * spoken by most Arabic-speaking families in the UK (Middle Eastern, Sudanese) writes
 * Arabic-Indic ones.
 */
export const LANGUAGES: readonly Language[] = [
  { code: 'en', name: 'English', nativeName: 'English', dir: 'ltr' },
  { code: 'cy', name: 'Welsh', nativeName: 'Cymraeg', dir: 'ltr' },
  { code: 'ar', name: 'Arabic', nativeName: 'العربية', dir: 'rtl', numberingSystem: 'arab' },
];

export function findLanguage(code: string): Language | undefined {
  return LANGUAGES.find((language) => language.code === code);
}

const text = z.string().min(1);

export const translationSchema = z.object({
  version: z.string(),
  language: z.string(),
  summary: text.optional(),
  audiences: z.record(z.string(), text).default({}),
  scale: z
    .object({
      labels: z.array(text).length(5),
      plainLabels: z.array(text).length(5),
      dontKnow: text,
      notApplicable: text,
    })
    .optional(),
  stages: z.record(z.string(), z.object({ name: text, description: text })).default({}),
  areas: z.record(z.string(), z.object({ name: text, description: text })).default({}),
  dimensions: z.record(z.string(), z.object({ name: text, description: text })).default({}),
  drillDowns: z.record(z.string(), z.object({ name: text, description: text })).default({}),
  practices: z.record(z.string(), z.object({ name: text, description: text })).default({}),
  /** Item key → statement. */
  items: z.record(z.string(), text).default({}),
});

export type Translation = z.infer<typeof translationSchema>;

const TRANSLATIONS_DIR = fileURLToPath(new URL('./data/translations', import.meta.url));

function translationFile(versionKey: string, language: string, dir: string): string | null {
  if (!/^\d{4}\.\d+$/.test(versionKey) || !/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(language))
    return null;
  return join(dir, `${versionKey}.${language}.json`);
}

/** The translation file of a version in a language, or null when there is none. */
export function loadTranslation(
  versionKey: string,
  language: string,
  dir = TRANSLATIONS_DIR,
): Translation | null {
  const file = translationFile(versionKey, language, dir);
  return file !== null && existsSync(file)
    ? translationSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    : null;
}

/** Does the product ship the version's framework text in this language (English always)? */
export function hasBuiltInTranslation(
  versionKey: string,
  language: string,
  dir = TRANSLATIONS_DIR,
): boolean {
  if (language === 'en') return true;
  const file = translationFile(versionKey, language, dir);
  return file !== null && existsSync(file);
}

/** The version with its text from the translation; English wherever the translation is silent. */
export function translateVersion(
  version: FrameworkVersion,
  t: Translation | null,
): FrameworkVersion {
  if (t === null) return version;
  const named = <T extends { key: string; name: string; description: string }>(
    thing: T,
    table: Record<string, { name: string; description: string }>,
  ): T => {
    const found = table[thing.key];
    return found === undefined
      ? thing
      : { ...thing, name: found.name, description: found.description };
  };
  const item = <T extends { key: string; text: string }>(i: T): T => ({
    ...i,
    text: t.items[i.key] ?? i.text,
  });
  return {
    ...version,
    summary: t.summary ?? version.summary,
    audiences: version.audiences.map((a) => ({ ...a, name: t.audiences[a.key] ?? a.name })),
    scale: t.scale ?? version.scale,
    stages: version.stages.map((s) => named(s, t.stages)),
    areas: version.areas.map((area) => ({
      ...named(area, t.areas),
      dimensions: area.dimensions.map((d) => ({
        ...named(d, t.dimensions),
        items: d.items.map(item),
      })),
    })),
    drillDowns: version.drillDowns.map((drill) => ({
      ...named(drill, t.drillDowns),
      practices: drill.practices.map((p) => ({
        ...named(p, t.practices),
        items: p.items.map(item),
      })),
    })),
  };
}

/** Keys of a version that the translation does not cover (for checking a translation file). */
export function missingTranslations(version: FrameworkVersion, t: Translation): string[] {
  const missing: string[] = [];
  for (const area of version.areas) {
    if (t.areas[area.key] === undefined) missing.push(`area ${area.key}`);
    for (const d of area.dimensions) {
      if (t.dimensions[d.key] === undefined) missing.push(`dimension ${d.key}`);
      for (const i of d.items) if (t.items[i.key] === undefined) missing.push(`item ${i.key}`);
    }
  }
  for (const drill of version.drillDowns) {
    if (t.drillDowns[drill.key] === undefined) missing.push(`drill-down ${drill.key}`);
    for (const p of drill.practices) {
      if (t.practices[p.key] === undefined) missing.push(`practice ${p.key}`);
      for (const i of p.items) if (t.items[i.key] === undefined) missing.push(`item ${i.key}`);
    }
  }
  for (const s of version.stages) if (t.stages[s.key] === undefined) missing.push(`stage ${s.key}`);
  for (const a of version.audiences)
    if (t.audiences[a.key] === undefined) missing.push(`audience ${a.key}`);
  if (t.scale === undefined) missing.push('scale');
  if (t.summary === undefined) missing.push('summary');
  return missing;
}
