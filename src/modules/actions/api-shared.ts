import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { ForbiddenError, NotFoundError } from '../../kernel/errors.ts';
import type { Role } from '../../kernel/roles.ts';
import { todayIso } from '../../kernel/date-rules.ts';
import { apiActor, type ApiContext } from '../../web/api-route.ts';
import { loadAction, type ActionView, type PlanRow } from './plan.ts';
import type { LeadRow } from './repository.ts';
import type { FocusAreaRow } from './repository-focus.ts';
import type { UpdateRow } from './repository-updates.ts';
import {
  ACTION_STATUSES,
  actionValuesSchema,
  FOCUS_AREA_SOURCES,
  RAGS,
  targetDateSchema,
} from './schemas.ts';
import type { ActionValues } from './types.ts';
import { WRITERS } from './roles.ts';

// What the action plan's operations (api.ts, api-updates.ts, api-focus.ts, api-import.ts)
// share: the path parameters, the answers they give (zod schemas, with toJson functions),
// who may write (the worked examples are in api-examples.ts).
//
// Rules decided here:
// - Writers are trust admins and contributors, as on the pages. An action lead may add
//   progress and set the RAG only on an action they lead; a token names no person, so an
//   action lead's token is refused those with a 403 that says why (leadRefusal).
// - Today is the day in the UK when the call is made (todayIso, as on the pages): the RAG
//   suggestions, overdue and stale are worked out for it.

export const TAG = 'Action plan';

export { WRITERS };
export const LEAD_WRITERS = [...WRITERS, 'action-lead'] as const satisfies readonly Role[];

export const trustParams = z.object({ trust: z.string().describe('The trust slug') });
export const actionParams = trustParams.extend({
  action: z.guid().describe('The action id (a UUID)'),
});
export const focusAreaParams = trustParams.extend({
  focusArea: z.guid().describe('The focus area id (a UUID)'),
});
export const roundParams = trustParams.extend({
  round: z.guid().describe('The round id (a UUID)'),
});

const rag = z.enum(RAGS).nullable();
const status = z.enum(ACTION_STATUSES);
const target = targetDateSchema
  .nullable()
  .describe(
    'A target date: {kind: "day", date}, {kind: "month", year, month}, {kind: "quarter", year, quarter}, {kind: "season", year, season}, {kind: "year", year}, {kind: "financial-year", startYear} or {kind: "ongoing"}; null for none',
  );

const leadOut = z.object({
  userId: z.uuid().nullable().describe('The user, or null for a named person or team'),
  name: z.string(),
});

export const actionOut = z.object({
  id: z.uuid(),
  number: z.string().describe('As written: "1", "3.2"'),
  title: z.string(),
  status,
  rag: rag.describe('The RAG shown: the override if one is set, else the suggested one'),
  ragOverridden: z.boolean(),
  suggestedRag: rag.describe('The RAG the dates and progress suggest (SPEC §6)'),
  due: z.string().nullable().describe('The effective due day, YYYY-MM-DD; null when none'),
  overdue: z.boolean(),
  stale: z.boolean().describe('No progress update for 90 days or more'),
  target,
  revisedTarget: target,
  leads: z.array(leadOut),
  areas: z.array(z.string()).describe('Area (colour) keys'),
  dimensions: z.array(z.string()).describe('Dimension keys'),
  focusAreaId: z.uuid().nullable(),
  roundId: z.uuid().nullable(),
  lastUpdate: z.string().nullable().describe('The day of the latest progress update'),
  updateCount: z.number().int(),
  revision: z.number().int().describe('Changes with every change of the action'),
});

export const updateOut = z.object({
  id: z.uuid(),
  updatedOn: z.string().describe('YYYY-MM-DD'),
  text: z.string(),
  author: z.string(),
  authorUserId: z.uuid().nullable(),
  rag: rag.describe('The RAG shown once the update was made'),
  status,
});

export const actionDetail = actionOut.extend({
  description: z.string(),
  partners: z.string(),
  revisedReason: z.string(),
  successMeasure: z.string(),
  frameworkVersion: z.string().nullable(),
  suggestedReason: z.string().describe('Why the suggested RAG is what it is'),
  override: z
    .object({
      rag: z.enum(RAGS),
      reason: z.string(),
      by: z.string().nullable(),
      at: z.string().nullable().describe('ISO 8601 time'),
    })
    .nullable()
    .describe('The RAG a person set over the suggestion, with why; null when none'),
  updates: z.array(updateOut).describe('Newest first'),
});

export const focusAreaOut = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  roundId: z.uuid().nullable(),
  source: z.enum(FOCUS_AREA_SOURCES),
  frameworkVersion: z.string().nullable(),
  areas: z.array(z.string()),
  dimensions: z.array(z.string()),
  position: z.number().int(),
  actions: z.number().int().describe('How many actions name it'),
});

const leadJson = (l: LeadRow) => ({ userId: l.userId, name: l.name });

export const toAction = (row: PlanRow): z.input<typeof actionOut> => ({
  id: row.id,
  number: row.number,
  title: row.title,
  status: row.status,
  rag: row.shown.rag,
  ragOverridden: row.shown.overridden,
  suggestedRag: row.suggested.rag,
  due: row.due,
  overdue: row.overdue,
  stale: row.stale,
  target: row.target,
  revisedTarget: row.revisedTarget,
  leads: row.leads.map(leadJson),
  areas: row.areas,
  dimensions: row.dimensions,
  focusAreaId: row.focusAreaId,
  roundId: row.roundId,
  lastUpdate: row.lastUpdate,
  updateCount: row.updateCount,
  revision: row.revision,
});

export const toUpdate = (u: UpdateRow): z.input<typeof updateOut> => ({
  id: u.id,
  updatedOn: u.updatedOn,
  text: u.text,
  author: u.authorName,
  authorUserId: u.authorUserId,
  rag: u.rag,
  status: u.status,
});

export const toDetail = (view: ActionView): z.input<typeof actionDetail> => ({
  ...toAction(view.action),
  description: view.action.description,
  partners: view.action.partners,
  revisedReason: view.action.revisedReason,
  successMeasure: view.action.successMeasure,
  frameworkVersion: view.action.frameworkVersion,
  suggestedReason: view.action.suggested.reason,
  override:
    view.override === null
      ? null
      : { ...view.override, at: view.override.at?.toISOString() ?? null },
  updates: view.updates.map(toUpdate),
});

export const toFocusArea = (f: FocusAreaRow, actions: number): z.input<typeof focusAreaOut> => ({
  id: f.id,
  title: f.title,
  description: f.description,
  roundId: f.roundId,
  source: f.source,
  frameworkVersion: f.frameworkVersion,
  areas: f.areas,
  dimensions: f.dimensions,
  position: f.position,
  actions,
});

/** The action of the path, read today, or a 404 (another trust's is not found either). */
export async function actionOf(tx: Tx, id: string): Promise<ActionView> {
  const view = await loadAction(tx, id, todayIso());
  if (view === undefined) throw new NotFoundError();
  return view;
}

/** An action's stored values as the service takes them (for a change of some of them). */
export function valuesOf(row: PlanRow): ActionValues {
  return {
    number: row.number,
    title: row.title,
    description: row.description,
    frameworkVersion: row.frameworkVersion,
    areas: row.areas,
    dimensions: row.dimensions,
    focusAreaId: row.focusAreaId,
    roundId: row.roundId,
    leads: row.leads.map((l) => (l.userId === null ? { name: l.name } : { userId: l.userId })),
    partners: row.partners,
    target: row.target,
    revisedTarget: row.revisedTarget,
    revisedReason: row.revisedReason,
    successMeasure: row.successMeasure,
    status: row.status,
  };
}

export const NO_PERSON_MESSAGE =
  'This action lead token does not name a person, so it cannot show which actions are yours: ' +
  'use the action’s page, or ask a trust admin for a contributor token';
export const NOT_YOUR_ACTION_MESSAGE =
  'Only a lead of this action, a trust admin or a contributor can do this';

/** Why a caller may not add progress or set the RAG of an action; null when they may. */
export function leadRefusal(
  role: Role,
  userId: string | null,
  leads: readonly LeadRow[],
): string | null {
  if ((WRITERS as readonly Role[]).includes(role)) return null;
  if (role !== 'action-lead') return NOT_YOUR_ACTION_MESSAGE;
  if (userId === null) return NO_PERSON_MESSAGE;
  return leads.some((l) => l.userId === userId) ? null : NOT_YOUR_ACTION_MESSAGE;
}

/** Refuses (403) a caller who may not act as a lead of this action. */
export function requireLead(ctx: ApiContext<unknown, unknown, unknown>, leads: readonly LeadRow[]) {
  const refusal = leadRefusal(ctx.principal.role, apiActor(ctx).userId, leads);
  if (refusal !== null) throw new ForbiddenError(refusal);
}

/** The change of an action: any of its fields, each optional, and the revision read. */
const shape = actionValuesSchema.shape;
export const actionChangeSchema = z.object({
  number: shape.number.optional(),
  title: shape.title.optional(),
  description: shape.description.unwrap().optional(),
  frameworkVersion: shape.frameworkVersion.unwrap().optional(),
  areas: shape.areas.unwrap().optional(),
  dimensions: shape.dimensions.unwrap().optional(),
  focusAreaId: shape.focusAreaId.unwrap().optional(),
  roundId: shape.roundId.unwrap().optional(),
  leads: shape.leads.unwrap().optional(),
  partners: shape.partners.unwrap().optional(),
  target: shape.target.unwrap().optional(),
  revisedTarget: shape.revisedTarget.unwrap().optional(),
  revisedReason: shape.revisedReason.unwrap().optional(),
  successMeasure: shape.successMeasure.unwrap().optional(),
  status: shape.status.unwrap().optional(),
  revision: z
    .number()
    .int()
    .optional()
    .describe('The revision you read: refused (412) if the action has changed since'),
});
