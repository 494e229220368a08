import { z } from 'zod';
import type { FieldError } from '../../kernel/errors.ts';
import { findLanguage, type Language } from '../framework/index.ts';

// The language of an upload: one of the product's (English excepted), or a trust's own, given
// by its BCP 47 tag, its names and its direction.

/** The longest tag a respondent's progress can carry (answering/state.ts). */
const MAX_TAG = 12;

/**
 * A BCP 47 tag as written by convention, or null if it is not one we take: a language
 * (2–3 letters), then optionally a script (4 letters) and a region (2 letters or 3 digits).
 * "PA-arab-pk" becomes "pa-Arab-PK".
 */
export function normaliseTag(input: string): string | null {
  const parts = input.trim().split(/[-_]/);
  const [primary, ...rest] = parts;
  if (primary === undefined || !/^[a-z]{2,3}$/i.test(primary)) return null;
  const out = [primary.toLowerCase()];
  let i = 0;
  if (rest[i] !== undefined && /^[a-z]{4}$/i.test(rest[i] ?? '')) {
    const script = rest[i] ?? '';
    out.push(script.charAt(0).toUpperCase() + script.slice(1).toLowerCase());
    i++;
  }
  if (rest[i] !== undefined && /^([a-z]{2}|\d{3})$/i.test(rest[i] ?? '')) {
    out.push((rest[i] ?? '').toUpperCase());
    i++;
  }
  if (i !== rest.length) return null;
  const tag = out.join('-');
  return tag.length <= MAX_TAG ? tag : null;
}

const name = (what: string) =>
  z
    .string({ error: `Enter the language's ${what}` })
    .trim()
    .min(1, `Enter the language's ${what}`)
    .max(60, `The language's ${what} must be 60 characters or fewer`);

export const newLanguageSchema = z.object({
  name: name('name in English'),
  nativeName: name('name in the language itself'),
  dir: z.enum(['ltr', 'rtl'], { error: 'Select which way the language is written' }),
});

export interface LanguageInput {
  code: string;
  name?: unknown;
  nativeName?: unknown;
  dir?: unknown;
}

export type LanguageRead = { ok: true; language: Language } | { ok: false; errors: FieldError[] };

/**
 * The language an upload is for. One the product knows keeps its own names and direction;
 * another needs its names and direction (fields name, nativeName, dir; the tag is `code`).
 */
export function readLanguage(input: LanguageInput): LanguageRead {
  const fail = (field: string, message: string): LanguageRead => ({
    ok: false,
    errors: [{ field, message }],
  });
  if (input.code.trim() === '') return fail('code', 'Enter the language code, like so or pa-Arab');
  const code = normaliseTag(input.code);
  if (code === null)
    return fail(
      'code',
      'Enter a language code of 2 or 3 letters, with a script or region if needed, like so, pa-Arab or pt-BR',
    );
  if (code === 'en')
    return fail('code', 'Questionnaires are written in English: choose another language');
  const known = findLanguage(code);
  if (known !== undefined) return { ok: true, language: known };
  const parsed = newLanguageSchema.safeParse({
    name: input.name,
    nativeName: input.nativeName,
    dir: input.dir,
  });
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        field: String(issue.path[0] ?? 'code'),
        message: issue.message,
      })),
    };
  return { ok: true, language: { code, ...parsed.data } };
}
