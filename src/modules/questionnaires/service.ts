import type { Database } from '../../db/client.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { areasInRainbowOrder, colourName, type AudienceKey } from '../../kernel/framework.ts';
import {
  type FrameworkVersion,
  hasBuiltInTranslation,
  type Language,
  LANGUAGES,
} from '../framework/index.ts';
import { questionPages, type QuestionPage } from './content.ts';
import { questionnaireDateErrors, type RoundDates } from './dates.ts';
import * as repo from './repository.ts';
import type { QuestionnaireRow } from './repository.ts';

// The rules of a questionnaire, shared by the pages and the API: what it asks (audience,
// areas, drill-down), when it is open, the about-you questions and its languages.

export const ABOUT_YOU = [
  { key: 'sector', text: 'Which sector they work in' },
  { key: 'role-level', text: 'Their role level (leader, manager or practitioner)' },
  { key: 'locality', text: 'Which locality they work in' },
] as const;
export type AboutKey = (typeof ABOUT_YOU)[number]['key'];
export const ABOUT_KEYS = ABOUT_YOU.map((a) => a.key) as [AboutKey, ...AboutKey[]];

export interface QuestionnaireInput {
  audience: AudienceKey;
  title: string;
  areaKeys: string[];
  drillDownKey: string | null;
  opensOn: string;
  closesOn: string;
  about: AboutKey[];
  languages: string[];
}

export function audienceName(version: FrameworkVersion, key: string): string {
  return version.audiences.find((a) => a.key === key)?.name ?? key;
}

/**
 * English first, then the chosen languages: the product's in the order of LANGUAGES, then
 * the trust's own (from its translations) in the order chosen.
 */
export function normaliseLanguages(chosen: readonly string[]): string[] {
  const known = LANGUAGES.filter((l) => l.code === 'en' || chosen.includes(l.code));
  const others = chosen.filter((code) => !LANGUAGES.some((l) => l.code === code));
  return [...known.map((l) => l.code), ...new Set(others)];
}

export interface ShapeInput {
  /**
   * The languages it may be offered in besides English (translations' offerableLanguages:
   * the product's with the version's text, and the trust's own); when not given, the
   * product's own that have the version's text.
   */
  offerable?: readonly Language[];
  /** Null when not (validly) given: the checks that need it are left out. */
  audience: AudienceKey | null;
  areaKeys: string[];
  drillDownKey: string | null;
  opensOn: string | null;
  closesOn: string | null;
  languages: string[];
}

/**
 * Field errors for a questionnaire's shape and dates (within its round's, see dates.ts);
 * fields: areas, drillDown, opens, closes, languages.
 */
export function checkQuestionnaire(
  version: FrameworkVersion,
  input: ShapeInput,
  round: RoundDates,
): FieldError[] {
  const errors: FieldError[] = [];
  const areaKeys = new Set(version.areas.map((a) => a.key));
  const drill = version.drillDowns.find((d) => d.key === input.drillDownKey);
  const audience = input.audience;
  const who = audience === null ? '' : audienceName(version, audience).toLowerCase();
  if (input.areaKeys.length === 0)
    errors.push({ field: 'areas', message: 'Select at least one area' });
  else if (input.areaKeys.some((key) => !areaKeys.has(key)))
    errors.push({ field: 'areas', message: 'Select areas from the list' });
  else if (
    audience !== null &&
    questionPages(version, { audience, areaKeys: input.areaKeys, drillDownKey: null }).length === 0
  )
    errors.push({
      field: 'areas',
      message: `There are no questions for ${who} in the areas you selected. Select other areas.`,
    });
  if (input.drillDownKey !== null && drill === undefined)
    errors.push({ field: 'drillDown', message: 'Select a drill-down from the list, or none' });
  else if (
    drill !== undefined &&
    audience !== null &&
    questionPages(version, { audience, areaKeys: [], drillDownKey: drill.key }).length === 0
  )
    errors.push({
      field: 'drillDown',
      message: `The ${drill.name} has no questions for ${who}. Select none, or another drill-down.`,
    });
  errors.push(...questionnaireDateErrors(input, round));
  const languages =
    input.offerable ??
    LANGUAGES.filter((l) => l.code !== 'en' && hasBuiltInTranslation(version.key, l.code));
  const offerable = (code: string) => code === 'en' || languages.some((l) => l.code === code);
  if (!input.languages.every(offerable))
    errors.push({ field: 'languages', message: 'Select languages from the list' });
  return errors;
}

export function pagesOf(version: FrameworkVersion, q: QuestionnaireRow): QuestionPage[] {
  return questionPages(version, {
    audience: q.audience as AudienceKey,
    areaKeys: q.areaKeys,
    drillDownKey: q.drillDownKey,
  });
}

export function aboutOf(q: QuestionnaireRow): AboutKey[] {
  return ABOUT_KEYS.filter(
    (key) =>
      (key === 'sector' && q.askSector) ||
      (key === 'role-level' && q.askRoleLevel) ||
      (key === 'locality' && q.askLocality),
  );
}

/**
 * Names for showing a questionnaire: audience, areas (rainbow order), drill-down, languages
 * (a trust's own language by the name in `languages`, else its code).
 */
export function describe(
  version: FrameworkVersion,
  q: QuestionnaireRow,
  languages: readonly Language[] = LANGUAGES,
) {
  const areas = areasInRainbowOrder(version)
    .filter((a) => q.areaKeys.includes(a.key))
    .map((a) => ({ key: a.key, name: a.name, colour: colourName(a.colour) }));
  return {
    audience: audienceName(version, q.audience),
    areas,
    areasText:
      areas.length === version.areas.length
        ? 'All 7 areas'
        : areas.map((a) => `${a.colour}: ${a.name}`).join('; '),
    drillDown: version.drillDowns.find((d) => d.key === q.drillDownKey)?.name ?? 'None',
    about: aboutOf(q).map((key) => ABOUT_YOU.find((a) => a.key === key)?.text ?? key),
    languages: q.languages.map(
      (code) => [...LANGUAGES, ...languages].find((l) => l.code === code)?.name ?? code,
    ),
  };
}

const columns = (input: QuestionnaireInput) => ({
  audience: input.audience,
  title: input.title,
  areaKeys: input.areaKeys,
  drillDownKey: input.drillDownKey,
  opensOn: input.opensOn,
  closesOn: input.closesOn,
  askSector: input.about.includes('sector'),
  askRoleLevel: input.about.includes('role-level'),
  askLocality: input.about.includes('locality'),
  languages: normaliseLanguages(input.languages),
});

export async function createQuestionnaire(
  db: Database,
  trustId: string,
  actor: Actor,
  roundId: string,
  input: QuestionnaireInput,
): Promise<QuestionnaireRow> {
  return db.withTrust(trustId, async (tx) => {
    const row = await repo.insertQuestionnaire(tx, { trustId, roundId, ...columns(input) });
    await audit(tx, actor, {
      trustId,
      action: 'created questionnaire',
      entity: 'questionnaire',
      entityId: row.id,
      details: { roundId, title: row.title, audience: row.audience, areas: row.areaKeys },
    });
    return row;
  });
}

/**
 * Saves a questionnaire. Once it has responses only its dates change (what it asks must
 * stay as it was answered); returns whether it was locked that way.
 */
export async function updateQuestionnaire(
  db: Database,
  trustId: string,
  actor: Actor,
  existing: QuestionnaireRow,
  input: QuestionnaireInput,
): Promise<{ datesOnly: boolean }> {
  return db.withTrust(trustId, async (tx) => {
    const datesOnly = (await repo.countResponses(tx, existing.id)) > 0;
    const all = columns(input);
    const values = datesOnly ? { opensOn: all.opensOn, closesOn: all.closesOn } : all;
    await repo.updateQuestionnaire(tx, existing.id, values);
    await audit(tx, actor, {
      trustId,
      action: 'updated questionnaire',
      entity: 'questionnaire',
      entityId: existing.id,
      details: { title: existing.title, to: values },
    });
    return { datesOnly };
  });
}

/** The input a stored questionnaire stands for (used when only its dates may change). */
export function inputOf(q: QuestionnaireRow): QuestionnaireInput {
  return {
    audience: q.audience as AudienceKey,
    title: q.title,
    areaKeys: q.areaKeys,
    drillDownKey: q.drillDownKey,
    opensOn: q.opensOn,
    closesOn: q.closesOn,
    about: aboutOf(q),
    languages: q.languages,
  };
}
