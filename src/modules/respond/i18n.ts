import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../framework/translations.ts';

// The words of the respondent's pages, in every language a questionnaire can be offered
// in: i18n/<code>.json, each with a standard set and a plain set (friendlier wording for
// children, young people, parents and carers). Text direction comes from LANGUAGES, so a
// right-to-left language needs only its entry there and its strings file here.

const i18nDir = fileURLToPath(new URL('./i18n', import.meta.url));

const stringSet = z.record(z.string(), z.string().min(1));
export const stringsFileSchema = z.object({ standard: stringSet, plain: stringSet });
export type UiStrings = z.infer<typeof stringsFileSchema>;

const cache = new Map<string, UiStrings | null>();

/** The strings file of a language, or null when there is none. */
export function loadStrings(code: string, dir = i18nDir): UiStrings | null {
  if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/.test(code)) return null;
  const cacheKey = `${dir}|${code}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const file = join(dir, `${code}.json`);
  const strings = existsSync(file)
    ? stringsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    : null;
  cache.set(cacheKey, strings);
  return strings;
}

/**
 * The languages a respondent may choose from, in the questionnaire's order: those it offers
 * that the product knows and has strings for. English when none of them qualifies.
 */
export function offeredLanguages(
  codes: readonly string[],
  languages: readonly Language[] = LANGUAGES,
  dir = i18nDir,
): Language[] {
  const offered = codes
    .map((code) => languages.find((language) => language.code === code))
    .filter((language): language is Language => language !== undefined)
    .filter((language) => loadStrings(language.code, dir) !== null);
  const english = languages.find((language) => language.code === 'en');
  return offered.length > 0 || english === undefined ? offered : [english];
}

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** Everything a respondent's page needs to speak the chosen language. */
export interface Ui {
  language: Language;
  plain: boolean;
  t: Translate;
  /** A date stored as YYYY-MM-DD, written out in the language ("31 March 2026"). */
  date: (iso: string) => string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(code: string): Intl.DateTimeFormat {
  let formatter = formatters.get(code);
  if (formatter === undefined) {
    // As written in the UK (English as en-GB, not en-US).
    formatter = new Intl.DateTimeFormat([`${code}-GB`, code, 'en-GB'], {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    formatters.set(code, formatter);
  }
  return formatter;
}

export function makeUi(language: Language, strings: UiStrings, plain: boolean): Ui {
  const set = plain ? strings.plain : strings.standard;
  const t: Translate = (key, vars) => {
    const template = set[key] ?? strings.standard[key] ?? key;
    if (vars === undefined) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.hasOwn(vars, name) ? String(vars[name]) : whole,
    );
  };
  const formatter = dateFormatter(language.code);
  return {
    language,
    plain,
    t,
    date: (iso) => formatter.format(new Date(`${iso}T00:00:00Z`)),
  };
}

/** The Ui for a language code the product offers (falls back to English). */
export function uiFor(code: string, plain: boolean): Ui {
  const language =
    LANGUAGES.find((l) => l.code === code && loadStrings(l.code) !== null) ??
    LANGUAGES.find((l) => l.code === 'en');
  const strings = language === undefined ? null : loadStrings(language.code);
  if (language === undefined || strings === null) throw new Error('English strings are missing');
  return makeUi(language, strings, plain);
}

/** What the respondent layout needs: <html lang>, and dir on the body and main container. */
export function layoutContext(ui: Ui): Record<string, unknown> {
  const dir = ui.language.dir;
  return {
    htmlLang: ui.language.code,
    dir,
    bodyAttributes: { dir },
    containerAttributes: { dir },
    t: ui.t,
  };
}
