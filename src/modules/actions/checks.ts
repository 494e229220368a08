import type { Tx } from '../../db/client.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { getVersion } from '../framework/index.ts';
import { isIsoDate, type IsoDate } from './calendar.ts';
import { leadKey } from './leads.ts';
import { parseActionNumber, type ActionNumber } from './number.ts';
import * as focusRepo from './repository-focus.ts';
import type { LeadRow, StoredAction } from './repository.ts';
import {
  FOCUS_AREA_SOURCES,
  isStatus,
  NAME_MAX,
  REASON_MAX,
  targetDateSchema,
  TEXT_MAX,
  TITLE_MAX,
} from './schemas.ts';
import type { ActionValues, FocusAreaValues, UpdateInput } from './types.ts';

// The checks of an action's values against the trust (its members, rounds, focus areas and
// the framework versions), each failure a FieldError named by the ActionValues key. The trust's
// facts are read once per checker, so an import of thousands of rows reads each once.

export const REVISED_REASON_MESSAGE = 'Enter why the target date was revised';
export const REVISED_WITHOUT_TARGET_MESSAGE =
  'Enter the original target date as well as the revised one';
export const STALE_MESSAGE =
  'This action was changed by someone else since you opened it: check its details and make your change again';

export const numberTakenMessage = (number: string) => `Action ${number} already exists`;

interface VersionKeys {
  areas: Set<string>;
  dimensions: Set<string>;
}

/** The trust's facts the checks need, each read from the database at most once. */
export interface TrustFacts {
  members: () => Promise<Map<string, string>>;
  rounds: () => Promise<Set<string>>;
  focusAreas: () => Promise<Set<string>>;
  version: (key: string) => Promise<VersionKeys | undefined>;
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load());
}

export function trustFacts(tx: Tx): TrustFacts {
  const versions = new Map<string, Promise<VersionKeys | undefined>>();
  return {
    members: once(() => focusRepo.memberNames(tx)),
    rounds: once(() => focusRepo.roundIds(tx)),
    focusAreas: once(() => focusRepo.focusAreaIds(tx)),
    version: (key) => {
      let found = versions.get(key);
      if (found === undefined) {
        found = getVersion(tx, key).then((v) =>
          v === undefined
            ? undefined
            : {
                areas: new Set(v.content.areas.map((a) => a.key)),
                dimensions: new Set(v.content.areas.flatMap((a) => a.dimensions.map((d) => d.key))),
              },
        );
        versions.set(key, found);
      }
      return found;
    },
  };
}

const tooLong = (label: string, max: number) =>
  `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`;

function textProblems(values: ActionValues): FieldError[] {
  const errors: FieldError[] = [];
  const title = values.title.trim();
  if (title === '') errors.push({ field: 'title', message: 'Enter a title' });
  else if (title.length > TITLE_MAX)
    errors.push({ field: 'title', message: tooLong('Title', TITLE_MAX) });
  const limits: [keyof ActionValues, string, string, number][] = [
    ['description', values.description, 'Description', TEXT_MAX],
    ['partners', values.partners, 'Partners', TEXT_MAX],
    ['successMeasure', values.successMeasure, 'The success measure', TEXT_MAX],
    ['revisedReason', values.revisedReason, 'The reason', REASON_MAX],
  ];
  for (const [field, text, label, max] of limits)
    if (text.length > max) errors.push({ field, message: tooLong(label, max) });
  if (!isStatus(values.status))
    errors.push({
      field: 'status',
      message: 'Select a status: not started, in progress, complete or dropped',
    });
  return errors;
}

function dateProblems(values: ActionValues): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['target', 'revisedTarget'] as const) {
    const target = values[field];
    if (target !== null && !targetDateSchema.safeParse(target).success)
      errors.push({ field, message: 'Enter a real date, month, quarter, season or year' });
  }
  if (values.revisedTarget !== null) {
    if (values.target === null)
      errors.push({ field: 'revisedTarget', message: REVISED_WITHOUT_TARGET_MESSAGE });
    if (values.revisedReason.trim() === '')
      errors.push({ field: 'revisedReason', message: REVISED_REASON_MESSAGE });
  }
  return errors;
}

/** The leads as stored (users with their names, each once), or the problems with them. */
async function checkLeads(
  facts: TrustFacts,
  leads: ActionValues['leads'],
): Promise<{ errors: FieldError[]; leads: LeadRow[] }> {
  const errors: FieldError[] = [];
  const rows: LeadRow[] = [];
  const seen = new Set<string>();
  for (const [index, lead] of leads.entries()) {
    const which = leads.length === 1 ? 'The lead' : `Lead ${index + 1}`;
    if ('userId' in lead) {
      const name = (await facts.members()).get(lead.userId);
      if (name === undefined)
        errors.push({ field: 'leads', message: `${which} is not a member of this trust` });
      else if (!seen.has(`user ${lead.userId}`)) rows.push({ userId: lead.userId, name });
      seen.add(`user ${lead.userId}`);
      continue;
    }
    const name = lead.name.replace(/\s+/g, ' ').trim();
    if (name === '')
      errors.push({ field: 'leads', message: `Enter the name of ${which.toLowerCase()}` });
    else if (name.length > NAME_MAX)
      errors.push({
        field: 'leads',
        message: tooLong(`The name of ${which.toLowerCase()}`, NAME_MAX),
      });
    else if (!seen.has(`name ${leadKey(name)}`)) rows.push({ userId: null, name });
    seen.add(`name ${leadKey(name)}`);
  }
  return { errors, leads: rows };
}

/** The colours and dimensions belong to the framework version named, which exists. */
export async function frameworkProblems(
  facts: TrustFacts,
  values: Pick<ActionValues, 'frameworkVersion' | 'areas' | 'dimensions'>,
): Promise<FieldError[]> {
  const key = values.frameworkVersion;
  if (key === null) {
    return values.areas.length + values.dimensions.length === 0
      ? []
      : [
          {
            field: 'frameworkVersion',
            message: 'Choose the framework version the colours and dimensions belong to',
          },
        ];
  }
  const version = await facts.version(key);
  if (version === undefined)
    return [{ field: 'frameworkVersion', message: `There is no framework version ${key}` }];
  const errors: FieldError[] = [];
  for (const area of new Set(values.areas))
    if (!version.areas.has(area))
      errors.push({
        field: 'areas',
        message: `"${area}" is not a colour of framework version ${key}`,
      });
  for (const dimension of new Set(values.dimensions))
    if (!version.dimensions.has(dimension))
      errors.push({
        field: 'dimensions',
        message: `"${dimension}" is not a dimension of framework version ${key}`,
      });
  return errors;
}

/** The round is the trust's own. */
export async function roundProblems(
  facts: TrustFacts,
  roundId: string | null,
): Promise<FieldError[]> {
  if (roundId === null || (await facts.rounds()).has(roundId)) return [];
  return [{ field: 'roundId', message: 'Choose one of this trust’s rounds' }];
}

export type CheckedAction =
  { ok: true; values: StoredAction; leads: LeadRow[] } | { ok: false; errors: FieldError[] };

/** Every check of an action's values that needs no other action (numbers in use apart). */
export async function checkAction(facts: TrustFacts, values: ActionValues): Promise<CheckedAction> {
  const parsed = parseActionNumber(values.number);
  const errors: FieldError[] = parsed.ok ? [] : [{ field: 'number', message: parsed.message }];
  errors.push(...textProblems(values), ...dateProblems(values));
  const leads = await checkLeads(facts, values.leads);
  errors.push(...leads.errors, ...(await frameworkProblems(facts, values)));
  if (values.focusAreaId !== null && !(await facts.focusAreas()).has(values.focusAreaId))
    errors.push({ field: 'focusAreaId', message: 'Choose one of this trust’s focus areas' });
  errors.push(...(await roundProblems(facts, values.roundId)));
  if (!parsed.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, values: storedValues(values, parsed.value), leads: leads.leads };
}

/** The values the columns hold, picked one by one (an import row carries more). */
function storedValues(values: ActionValues, number: ActionNumber): StoredAction {
  return {
    number,
    title: values.title.trim(),
    description: values.description,
    frameworkVersion: values.frameworkVersion,
    areas: [...new Set(values.areas)],
    dimensions: [...new Set(values.dimensions)],
    focusAreaId: values.focusAreaId,
    roundId: values.roundId,
    partners: values.partners,
    target: values.target,
    revisedTarget: values.revisedTarget,
    revisedReason: values.revisedTarget === null ? '' : values.revisedReason.trim(),
    successMeasure: values.successMeasure,
    status: values.status,
  };
}

/** A progress update's date is a real day, not after today; its text is given and not too long. */
export function updateProblems(input: UpdateInput, today: IsoDate): FieldError[] {
  const errors: FieldError[] = [];
  if (!isIsoDate(input.updatedOn))
    errors.push({
      field: 'updatedOn',
      message: 'Enter a real date for the update, like 31 3 2026',
    });
  else if (input.updatedOn > today)
    errors.push({
      field: 'updatedOn',
      message: 'The date of the update must be today or in the past',
    });
  const text = input.text.trim();
  if (text === '') errors.push({ field: 'text', message: 'Enter what has been done' });
  else if (text.length > TEXT_MAX)
    errors.push({ field: 'text', message: tooLong('The progress update', TEXT_MAX) });
  if (!isStatus(input.status))
    errors.push({
      field: 'status',
      message: 'Select a status: not started, in progress, complete or dropped',
    });
  return errors;
}

/** A focus area's title, description, round and framework links. */
export async function checkFocusArea(
  facts: TrustFacts,
  values: FocusAreaValues,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const title = values.title.trim();
  if (title === '') errors.push({ field: 'title', message: 'Enter a title' });
  else if (title.length > TITLE_MAX)
    errors.push({ field: 'title', message: tooLong('Title', TITLE_MAX) });
  if (values.description.length > TEXT_MAX)
    errors.push({ field: 'description', message: tooLong('Description', TEXT_MAX) });
  if (!(FOCUS_AREA_SOURCES as readonly string[]).includes(values.source))
    errors.push({ field: 'source', message: 'Select where the focus area came from' });
  errors.push(...(await frameworkProblems(facts, values)));
  errors.push(...(await roundProblems(facts, values.roundId)));
  return errors;
}
