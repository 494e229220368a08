import { z } from 'zod';
import { todayIso } from '../../kernel/date-rules.ts';
import { HttpError, ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { STALE_MESSAGE } from './checks.ts';
import { filterPlan, loadPlan, PLAN_SORTS, sortPlan, type PlanFilter } from './plan.ts';
import { changeAction, createAction, removeAction } from './service.ts';
import { actionValuesSchema } from './schemas.ts';
import {
  actionChangeSchema,
  actionDetail,
  actionOf,
  actionOut,
  actionParams,
  TAG,
  toAction,
  toDetail,
  trustParams,
  valuesOf,
  WRITERS,
} from './api-shared.ts';
import { ACTION_EXAMPLE, ACTION_REQUEST, DETAIL_EXAMPLE } from './api-examples.ts';
import { updatesApi } from './api-updates.ts';
import { focusApi, type FocusServices } from './api-focus.ts';
import { importApi } from './api-import.ts';

// The action plan in the JSON API: listing, creating, reading, changing and removing actions
// (progress and RAG in api-updates.ts, focus areas and the plan against a round in
// api-focus.ts, the import in api-import.ts). The same services, checks and audit entries as
// the pages. Any token of the trust reads; a trust admin or contributor token writes.
//
// Rules decided here:
// - The list is the plan in number order (or ?sort=due), read today; ?colour= and ?lead= (a
//   user id, a lead's name, or `me`) narrow it as the plan page's filters do, and every
//   scalar property is an equality filter as on every list (?rag=, ?status=, ?overdue=true).
// - A change names only the fields it changes. Its `revision`, or If-Match with the ETag of
//   the action, must be the action's current one, else 412 and nothing changes.

const listQuery = z.object({
  colour: z.string().optional().describe('An area (colour) key: the actions linked to it'),
  lead: z
    .string()
    .optional()
    .describe('A lead: a user id or a lead’s name; `me` needs a token that names a person'),
  sort: z
    .enum(PLAN_SORTS as ['number', 'due'])
    .optional()
    .describe('number (the default) or due: soonest first, those with no due day last'),
});

function listRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/actions',
    summary: "The trust's action plan, in number order",
    description:
      'Each action with its leads, dates, the RAG shown and the one suggested, and whether it is overdue or stale, worked out for today (UTC). Filter by colour and lead, and by any property: ?rag=red, ?status=in-progress, ?overdue=true, ?stale=true.',
    tag: TAG,
    params: trustParams,
    query: listQuery,
    response: z.array(actionOut),
    example: { response: [ACTION_EXAMPLE] },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        let lead = ctx.query.lead;
        if (lead === 'me') {
          const me = apiActor(ctx).userId;
          if (me === null)
            throw new ValidationError([
              {
                field: 'query.lead',
                message: 'This token does not name a person: give a user id or a lead’s name',
              },
            ]);
          lead = me;
        }
        const filter: PlanFilter = { area: ctx.query.colour, lead };
        const plan = await loadPlan(tx, { today: todayIso() });
        return sortPlan(filterPlan(plan, filter), ctx.query.sort ?? 'number').map(toAction);
      }),
  });
}

function createRoute() {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/actions',
    summary: 'Adds an action to the plan',
    description:
      'Leads are users of the trust ({userId}) or named people and teams without an account ({name}). A revised target date needs its reason and the original target date. Colours and dimensions are keys of the framework version given. The number must be the trust’s only action with it. On any error nothing is stored.',
    tag: TAG,
    roles: WRITERS,
    params: trustParams,
    body: actionValuesSchema,
    response: actionDetail,
    status: 201,
    example: { request: ACTION_REQUEST, response: { ...DETAIL_EXAMPLE, updates: [] } },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const created = await createAction(tx, apiTrust(ctx).id, apiActor(ctx), ctx.body);
        if (!created.ok) throw new ValidationError(created.errors);
        return toDetail(await actionOf(tx, created.value.id));
      }),
  });
}

function readRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/actions/:action',
    summary: 'An action with its leads, RAG and progress history',
    description:
      'The suggested RAG (SPEC §6) and why, beside the override a person set; the progress updates newest first. Its ETag changes with every change: send it back in If-Match to change the action.',
    tag: TAG,
    params: actionParams,
    response: actionDetail,
    example: { response: DETAIL_EXAMPLE },
    handler: (ctx) => ctx.inTrust(async (tx) => toDetail(await actionOf(tx, ctx.params.action))),
  });
}

function changeRoute() {
  return defineApiRoute({
    method: 'PATCH',
    url: '/api/v1/trusts/:trust/actions/:action',
    summary: 'Changes an action',
    description:
      'The fields of the action, each optional: those left out keep their values, and leads, when given, replace the whole list. A revised target date keeps the original and needs a reason. Send the revision you read (or If-Match with the ETag): if the action changed since, the answer is 412 and nothing changes.',
    tag: TAG,
    roles: WRITERS,
    params: actionParams,
    body: actionChangeSchema,
    response: actionDetail,
    example: {
      request: { status: 'complete', revision: 1 },
      response: { ...DETAIL_EXAMPLE, status: 'complete', rag: 'complete', revision: 2 },
    },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { action } = await actionOf(tx, ctx.params.action);
        const { revision, ...change } = ctx.body;
        const values = { ...valuesOf(action), ...change };
        const outcome = await changeAction(
          tx,
          apiTrust(ctx).id,
          apiActor(ctx),
          action,
          values,
          revision ?? null,
        );
        if (!outcome.ok) {
          if (outcome.errors.some((e) => e.field === 'revision'))
            throw new HttpError(412, STALE_MESSAGE);
          throw new ValidationError(outcome.errors);
        }
        return toDetail(await actionOf(tx, action.id));
      }),
  });
}

function removeRoute() {
  return defineApiRoute({
    method: 'DELETE',
    url: '/api/v1/trusts/:trust/actions/:action',
    summary: 'Removes an action, with its leads and progress updates',
    tag: TAG,
    roles: WRITERS,
    params: actionParams,
    response: z.null().describe('No content'),
    status: 204,
    example: { response: null },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { action } = await actionOf(tx, ctx.params.action);
        await removeAction(tx, apiTrust(ctx).id, apiActor(ctx), action);
        return null;
      }),
  });
}

/** The action plan's operations, in the order of the OpenAPI document. */
export function actionsApi(s: FocusServices) {
  return [
    listRoute(),
    createRoute(),
    readRoute(),
    changeRoute(),
    removeRoute(),
    ...updatesApi(),
    ...importApi(),
    ...focusApi(s),
  ];
}
