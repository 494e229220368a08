import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InvariantError } from '../../kernel/errors.ts';
import { LRUCache } from 'lru-cache';
import { LANGUAGES, type Language } from '../framework/index.ts';
import type { OwnTranslation } from '../translations/index.ts';

// The words of the respondent's pages, in every language a questionnaire can be offered
// in: i18n/<code>.json, each with a standard set and a plain set (friendlier wording for
// children, young people, parents and carers). Text direction comes from LANGUAGES, so a
// right-to-left language needs only its entry there and its strings file here.

const i18nDir = fileURLToPath(new URL('./i18n', import.meta.url));

const stringSet = z.record(z.string(), z.string().min(1));
export const stringsFileSchema = z.object({ standard: stringSet, plain: stringSet });
export type UiStrings = z.infer<typeof stringsFileSchema>;

/** The strings file of a language, or null when there is none. */
export function loadStrings(code: string, dir = i18nDir): UiStrings | null {
  if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/.test(code)) return null;
  const file = join(dir, `${code}.json`);
  return existsSync(file) ? stringsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : null;
}

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** Everything a respondent's page needs to speak the chosen language. */
export interface Ui {
  language: Language;
  plain: boolean;
  /** A string in the language; numbers among its values are written as the language does. */
  t: Translate;
  /** A date stored as YYYY-MM-DD, written out in the language ("31 March 2026", "٣١ مارس ٢٠٢٦"). */
  date: (iso: string) => string;
  /** A number as the language writes it ("1,000"; in Arabic "١٬٠٠٠"). */
  number: (n: number) => string;
}

/**
 * The locales Intl is asked for: the language as written in the UK (English as en-GB, not
 * en-US), then the language itself. The registry's numbering system, if any, is given to
 * each formatter as an option.
 */
function locales(language: Language): string[] {
  const code = language.code;
  return [`${code}-GB`, code, 'en-GB'];
}

function dateFormatter(language: Language): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locales(language), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
    // The dates of a questionnaire are Gregorian whatever the language's region prefers.
    calendar: 'gregory',
    ...(language.numberingSystem === undefined
      ? {}
      : { numberingSystem: language.numberingSystem }),
  });
}

function numberFormatter(language: Language): Intl.NumberFormat {
  return new Intl.NumberFormat(locales(language), {
    ...(language.numberingSystem === undefined
      ? {}
      : { numberingSystem: language.numberingSystem }),
  });
}

export function makeUi(language: Language, strings: UiStrings, plain: boolean): Ui {
  const set = plain ? strings.plain : strings.standard;
  const numbers = numberFormatter(language);
  const t: Translate = (key, vars) => {
    const template = set[key] ?? strings.standard[key] ?? key;
    if (vars === undefined) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (!Object.hasOwn(vars, name)) return whole;
      const value = vars[name];
      return typeof value === 'number' ? numbers.format(value) : String(value);
    });
  };
  const formatter = dateFormatter(language);
  return {
    language,
    plain,
    t,
    date: (iso) => formatter.format(new Date(`${iso}T00:00:00Z`)),
    number: (n) => numbers.format(n),
  };
}

/** A trust's own translations of a questionnaire's version, by language code. */
export type OwnTexts = ReadonlyMap<string, OwnTranslation>;

/** The languages the product can speak to respondents in, read once. */
export interface UiCatalogue {
  /**
   * The Ui for a language code: the trust's own translation in it if it has one, else the
   * product's own strings (falling back to English).
   */
  uiFor: (code: string, plain: boolean, own?: OwnTexts) => Ui;
  /**
   * The languages a respondent may choose from, in the questionnaire's order: those it
   * offers that the trust translated, or that the product knows and has strings for.
   * English when none of them qualifies.
   */
  offered: (codes: readonly string[], own?: OwnTexts) => Language[];
}

/** Reads the strings of each language once, and makes its two Uis (standard and plain). */
export function loadUiCatalogue(
  languages: readonly Language[] = LANGUAGES,
  dir = i18nDir,
): UiCatalogue {
  const uis = new Map<string, { standard: Ui; plain: Ui }>();
  for (const language of languages) {
    const strings = loadStrings(language.code, dir);
    if (strings !== null)
      uis.set(language.code, {
        standard: makeUi(language, strings, false),
        plain: makeUi(language, strings, true),
      });
  }
  // A trust's translation, made into Uis once per upload (its checksum).
  const ownUis = new LRUCache<string, { standard: Ui; plain: Ui }>({ max: 200 });
  const ownPair = (translation: OwnTranslation) => {
    let pair = ownUis.get(translation.checksum);
    if (pair === undefined) {
      const strings = translation.parts.respondent;
      pair = {
        standard: makeUi(translation.language, strings, false),
        plain: makeUi(translation.language, strings, true),
      };
      ownUis.set(translation.checksum, pair);
    }
    return pair;
  };
  const english = languages.find((language) => language.code === 'en');
  return {
    uiFor(code, plain, own) {
      const translation = own?.get(code);
      const pair =
        translation === undefined ? (uis.get(code) ?? uis.get('en')) : ownPair(translation);
      if (pair === undefined) throw new InvariantError('English strings are missing');
      return plain ? pair.plain : pair.standard;
    },
    offered(codes, own) {
      const offered = codes.flatMap((code) => {
        const translation = own?.get(code);
        if (translation !== undefined) return [translation.language];
        const language = languages.find((l) => l.code === code);
        return language !== undefined && uis.has(language.code) ? [language] : [];
      });
      return offered.length > 0 || english === undefined ? offered : [english];
    },
  };
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
