import { z } from 'zod';
import type { FieldError } from '../../kernel/errors.ts';
import { asArray, parseWith } from '../../web/forms.ts';
import { areasInRainbowOrder, AUDIENCE_KEYS, colourName } from '../../kernel/framework.ts';
import type { FrameworkVersion, Language } from '../framework/index.ts';
import { dateItems, isoToParts, readDate, type DateInput } from '../../web/dates.ts';
import type { RoundDates } from './dates.ts';
import type { QuestionnaireRow } from './repository.ts';
import {
  ABOUT_KEYS,
  ABOUT_YOU,
  aboutOf,
  checkQuestionnaire,
  inputOf,
  type AboutKey,
  type QuestionnaireInput,
} from './service.ts';

// The questionnaire form: reading what was posted, and the view model that shows it.

const NONE = 'none';

const formSchema = z.object({
  audience: z.enum(AUDIENCE_KEYS, { error: 'Select who the questionnaire is for' }),
  title: z
    .string({ error: 'Enter a title' })
    .min(1, 'Enter a title')
    .max(120, 'Title must be 120 characters or fewer'),
  drillDown: z
    .string({ error: 'Select a drill-down, or none' })
    .min(1, 'Select a drill-down, or none'),
  about: z
    .array(z.string())
    .refine((keys) => keys.every((k) => (ABOUT_KEYS as string[]).includes(k)), {
      message: 'Select about-you questions from the list',
    }),
});

const ORDER = ['audience', 'title', 'areas', 'drillDown', 'opens', 'closes', 'about', 'languages'];
const rank = (field: string) => {
  const i = ORDER.indexOf(field.split('-')[0] ?? field);
  return i === -1 ? ORDER.length : i;
};

export interface FormValues {
  audience: string;
  title: string;
  areas: string[];
  drillDown: string;
  about: string[];
  languages: string[];
}

export interface FormState {
  values: FormValues;
  dates: { opens: DateInput; closes: DateInput };
  errors: FieldError[];
}

export type FormRead = { ok: true; input: QuestionnaireInput } | ({ ok: false } & FormState);

/** What the form sent, as the form shows it again. */
function postedValues(body: Record<string, unknown>): FormValues {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    audience: str(body.audience),
    title: str(body.title),
    areas: asArray(body.areas),
    drillDown: str(body.drillDown),
    about: asArray(body.about),
    languages: asArray(body.languages),
  };
}

/** Reads the posted form; a questionnaire with responses (locked) takes only its dates. */
export function readForm(
  version: FrameworkVersion,
  round: RoundDates & { offerable: readonly Language[] },
  body: Record<string, unknown>,
  locked: QuestionnaireRow | null,
): FormRead {
  const opens = readDate(body, 'opens', 'opening date');
  const closes = readDate(body, 'closes', 'closing date');
  const values: FormValues = locked ? valuesOf(locked) : postedValues(body);
  const parsed = parseWith(formSchema, {
    ...values,
    audience: values.audience === '' ? undefined : values.audience,
  });
  const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors];
  const audience = parsed.ok
    ? parsed.data.audience
    : (AUDIENCE_KEYS.find((a) => a === values.audience) ?? null);
  const drillDownKey =
    values.drillDown === NONE || values.drillDown === '' ? null : values.drillDown;
  const shape = {
    offerable: round.offerable,
    audience,
    areaKeys: values.areas,
    drillDownKey,
    opensOn: opens.value,
    closesOn: closes.value,
    languages: values.languages,
  };
  for (const e of checkQuestionnaire(version, shape, round)) {
    const date = e.field === 'opens' ? opens : e.field === 'closes' ? closes : null;
    if (date !== null) {
      if (date.error !== null) continue;
      date.error = { field: `${e.field}-day`, message: e.message };
      date.highlight = ['day', 'month', 'year'];
    } else if (!locked) errors.push(e);
  }
  for (const d of [opens, closes]) if (d.error) errors.push(d.error);
  if (errors.length > 0 || !parsed.ok || opens.value === null || closes.value === null)
    return {
      ok: false,
      values,
      dates: { opens, closes },
      errors: errors.sort((a, b) => rank(a.field) - rank(b.field)),
    };
  const input: QuestionnaireInput = {
    audience: parsed.data.audience,
    title: parsed.data.title,
    areaKeys: values.areas,
    drillDownKey,
    opensOn: opens.value,
    closesOn: closes.value,
    about: parsed.data.about as AboutKey[],
    languages: values.languages,
  };
  return { ok: true, input: locked ? { ...inputOf(locked), ...dateFields(input) } : input };
}

const dateFields = (input: QuestionnaireInput) => ({
  opensOn: input.opensOn,
  closesOn: input.closesOn,
});

export function valuesOf(q: QuestionnaireRow): FormValues {
  return {
    audience: q.audience,
    title: q.title,
    areas: q.areaKeys,
    drillDown: q.drillDownKey ?? NONE,
    about: aboutOf(q),
    languages: q.languages,
  };
}

/** A blank form: every area, no drill-down, asking for the sector, dates of the round. */
export function blankState(round: { startsOn: string; endsOn: string }, version: FrameworkVersion) {
  const blank = (name: string, value: string): DateInput => ({
    name,
    parts: isoToParts(value),
    value,
    error: null,
    highlight: [],
  });
  return {
    values: {
      audience: '',
      title: '',
      areas: version.areas.map((a) => a.key),
      drillDown: NONE,
      about: ['sector'],
      languages: ['en'],
    },
    dates: { opens: blank('opens', round.startsOn), closes: blank('closes', round.endsOn) },
    errors: [],
  } satisfies FormState;
}

export function storedState(q: QuestionnaireRow): FormState {
  const stored = (name: string, value: string): DateInput => ({
    name,
    parts: isoToParts(value),
    value,
    error: null,
    highlight: [],
  });
  return {
    values: valuesOf(q),
    dates: { opens: stored('opens', q.opensOn), closes: stored('closes', q.closesOn) },
    errors: [],
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Items for the GOV.UK macros, with what was chosen ticked; `offerable` the languages it may
 * be offered in besides English (with any it already has that are no longer offerable).
 */
export function formView(
  version: FrameworkVersion,
  state: FormState,
  offerable: readonly Language[],
) {
  const v = state.values;
  const date = (d: DateInput) => ({
    items: dateItems(d.parts, d.highlight),
    error: d.error ? { text: d.error.message } : undefined,
  });
  return {
    values: v,
    audienceItems: version.audiences.map((a) => ({
      value: a.key,
      text: a.name,
      checked: v.audience === a.key,
    })),
    areaItems: areasInRainbowOrder(version).map((a) => ({
      value: a.key,
      text: `${colourName(a.colour)}: ${a.name}`,
      checked: v.areas.includes(a.key),
    })),
    drillDownItems: [
      { value: NONE, text: 'None', checked: v.drillDown === NONE },
      ...version.drillDowns.map((d) => ({
        value: d.key,
        text: d.name,
        hint: { text: d.description },
        checked: v.drillDown === d.key,
      })),
    ],
    aboutItems: ABOUT_YOU.map((a) => ({
      value: a.key,
      text: a.text,
      checked: v.about.includes(a.key),
    })),
    languageItems: offerable.map((l) => ({
      value: l.code,
      html:
        l.name === l.nativeName
          ? escapeHtml(l.name)
          : `${escapeHtml(l.name)} (<span lang="${escapeHtml(l.code)}" dir="${l.dir}">${escapeHtml(l.nativeName)}</span>)`,
      checked: v.languages.includes(l.code),
    })),
    opens: date(state.dates.opens),
    closes: date(state.dates.closes),
  };
}
