import type { FieldError } from '../../../kernel/errors.ts';
import { asArray, formBody } from '../../../web/forms.ts';
import { readDate, isoToParts } from '../../../web/dates.ts';
import type { IsoDate } from '../calendar.ts';
import { REVISED_REASON_MESSAGE } from '../checks.ts';
import type { ActionRow } from '../repository.ts';
import type { ActionStatus } from '../rag.ts';
import { isRag, isStatus } from '../schemas.ts';
import { displayTargetDate, type TargetDate } from '../target-date.ts';
import { parseTargetDate } from '../target-date-parse.ts';
import type { ActionValues, LeadInput, RagOverrideInput, UpdateInput } from '../types.ts';

// Reading the action plan's posted forms into the values the services take, and the
// services' FieldErrors back onto the forms' fields:
// - A target date is one text box read with parseTargetDate (its message by the box); a blank
//   box is no target date yet.
// - Leads are ticked members (by user id) and other leads, one per line of a text box.
// - A field the service names that the form does not show (the framework version, the
//   revised target date on the main form) is reported by the nearest box that is shown.
// - A value posted that the form did not offer (an unknown status, RAG) is refused by the
//   field, never stored.

export type FormValues = Record<string, unknown>;
export type Read<T> = { values: FormValues } & (
  | { ok: true; data: T }
  /** `partial`: what could be read, for the other checks to run on (all problems at once). */
  | { ok: false; errors: FieldError[]; partial?: T }
);

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

const FIELD_IDS: Record<string, string> = {
  frameworkVersion: 'areas',
  revisedTarget: 'target',
  revisedReason: 'target',
  leads: 'leadUsers',
};

/** The service's errors named by the form's field ids. */
export const onForm = (errors: FieldError[], ids: Record<string, string> = FIELD_IDS) =>
  errors.map((e) => ({ ...e, field: ids[e.field] ?? e.field }));

/** A target date box: null when blank, else the date or the parser's message. */
export function readTarget(
  text: string,
  today: IsoDate,
): { ok: true; value: TargetDate | null } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, value: null };
  const result = parseTargetDate(text, { today });
  return result.ok ? { ok: true, value: result.value } : { ok: false, message: result.message };
}

/** The text a target date box shows for a stored one. */
export const targetText = (target: TargetDate | null) =>
  target === null ? '' : displayTargetDate(target);

/** Leads as posted: ticked members and one other lead per line. */
function readLeads(values: FormValues): LeadInput[] {
  const users: LeadInput[] = asArray(values.leadUsers).map((userId) => ({ userId }));
  const names: LeadInput[] = str(values.otherLeads)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((name) => ({ name }));
  return [...users, ...names];
}

/**
 * The action form. `kept` holds what the form does not show (on a change: the revised
 * target date and its reason), `versionKey` the framework version its boxes belong to.
 */
export function readActionForm(
  body: unknown,
  today: IsoDate,
  kept: Pick<ActionValues, 'revisedTarget' | 'revisedReason'>,
): Read<ActionValues> {
  const values = formBody(body);
  const errors: FieldError[] = [];
  const target = readTarget(str(values.target), today);
  if (!target.ok) errors.push({ field: 'target', message: target.message });
  const status = str(values.status) || 'not-started';
  if (!isStatus(status))
    errors.push({
      field: 'status',
      message: 'Select a status: not started, in progress, complete or dropped',
    });
  const areas = asArray(values.areas);
  const dimensions = asArray(values.dimensions);
  const version = str(values.frameworkVersion);
  const data: ActionValues = {
    number: str(values.number),
    title: str(values.title),
    description: str(values.description),
    frameworkVersion: version === '' ? null : version,
    areas,
    dimensions,
    focusAreaId: str(values.focusAreaId) || null,
    roundId: str(values.roundId) || null,
    leads: readLeads(values),
    partners: str(values.partners),
    target: target.ok ? target.value : null,
    revisedTarget: kept.revisedTarget,
    revisedReason: kept.revisedReason,
    successMeasure: str(values.successMeasure),
    status: status as ActionStatus,
  };
  // With no colour or dimension ticked, the version does not matter.
  if (areas.length + dimensions.length === 0) data.frameworkVersion = null;
  return errors.length > 0
    ? { values, ok: false, errors, partial: data }
    : { values, ok: true, data };
}

/** The form's values for a stored action. */
export function actionFormValues(action: ActionRow): FormValues {
  return {
    number: action.number,
    title: action.title,
    description: action.description,
    frameworkVersion: action.frameworkVersion ?? '',
    areas: action.areas,
    dimensions: action.dimensions,
    focusAreaId: action.focusAreaId ?? '',
    roundId: action.roundId ?? '',
    leadUsers: action.leads.flatMap((l) => (l.userId === null ? [] : [l.userId])),
    otherLeads: action.leads
      .filter((l) => l.userId === null)
      .map((l) => l.name)
      .join('\n'),
    partners: action.partners,
    target: targetText(action.target),
    successMeasure: action.successMeasure,
    status: action.status,
    revision: String(action.revision),
  };
}

/** The values of a stored action as the service takes them. */
export function storedValues(action: ActionRow): ActionValues {
  return {
    number: action.number,
    title: action.title,
    description: action.description,
    frameworkVersion: action.frameworkVersion,
    areas: action.areas,
    dimensions: action.dimensions,
    focusAreaId: action.focusAreaId,
    roundId: action.roundId,
    leads: action.leads.map((l) => (l.userId === null ? { name: l.name } : { userId: l.userId })),
    partners: action.partners,
    target: action.target,
    revisedTarget: action.revisedTarget,
    revisedReason: action.revisedReason,
    successMeasure: action.successMeasure,
    status: action.status,
  };
}

/** The revision a change form was opened at; null when missing or malformed. */
export function postedRevision(values: FormValues): number | null {
  const text = str(values.revision);
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

/** The progress form: its date boxes (updatedOn-day, -month, -year), text and status. */
export function readUpdateForm(body: unknown): Read<UpdateInput> & { highlight: string[] } {
  const values = formBody(body);
  const date = readDate(values, 'updatedOn', 'date of the update');
  const errors: FieldError[] = date.error === null ? [] : [date.error];
  const status = str(values.status);
  if (!isStatus(status))
    errors.push({
      field: 'status',
      message: 'Select a status: not started, in progress, complete or dropped',
    });
  const data: UpdateInput = {
    updatedOn: date.value ?? '',
    text: str(values.text),
    status: status as ActionStatus,
  };
  if (str(values.text) === '') errors.push({ field: 'text', message: 'Enter what has been done' });
  return errors.length > 0
    ? { values, ok: false, errors, highlight: date.highlight }
    : { values, ok: true, data, highlight: [] };
}

/** The date boxes filled in for a day. */
export const dayValues = (name: string, day: IsoDate): FormValues => {
  const parts = isoToParts(day);
  return {
    [`${name}-day`]: parts.day,
    [`${name}-month`]: parts.month,
    [`${name}-year`]: parts.year,
  };
};

export const SUGGESTED = 'suggested';

/** The RAG form: a RAG with its reason, or "Use the suggested RAG" (clears it). */
export function readRagForm(body: unknown): Read<RagOverrideInput> {
  const values = formBody(body);
  const rag = str(values.rag);
  if (rag === SUGGESTED) return { values, ok: true, data: { rag: null, reason: '' } };
  if (!isRag(rag))
    return { values, ok: false, errors: [{ field: 'rag', message: 'Select a RAG status' }] };
  return { values, ok: true, data: { rag: rag, reason: str(values.reason) } };
}

export const REVISED_EMPTY_MESSAGE = 'Enter the revised target date';

/** The revise form: the revised target date (one text box) and the reason. */
export function readReviseForm(
  body: unknown,
  today: IsoDate,
): Read<{ revisedTarget: TargetDate; revisedReason: string }> {
  const values = formBody(body);
  const text = str(values.revisedTarget);
  const target = readTarget(text, today);
  const errors: FieldError[] = [];
  if (!target.ok) errors.push({ field: 'revisedTarget', message: target.message });
  else if (target.value === null)
    errors.push({ field: 'revisedTarget', message: REVISED_EMPTY_MESSAGE });
  const reason = str(values.revisedReason);
  if (!target.ok || target.value === null) {
    if (reason === '') errors.push({ field: 'revisedReason', message: REVISED_REASON_MESSAGE });
    return { values, ok: false, errors };
  }
  return { values, ok: true, data: { revisedTarget: target.value, revisedReason: reason } };
}
