import { z } from 'zod';
import { todayIso } from '../../kernel/date-rules.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { ragOverrideSchema, updateInputSchema } from './schemas.ts';
import { addUpdate, setRagOverride } from './updates.ts';
import {
  actionDetail,
  actionOf,
  actionParams,
  LEAD_WRITERS,
  requireLead,
  TAG,
  toDetail,
  toUpdate,
  updateOut,
} from './api-shared.ts';
import { DETAIL_EXAMPLE, UPDATE_EXAMPLE } from './api-examples.ts';

// An action's progress updates and its RAG override in the JSON API, as the action's
// progress and RAG pages: a trust admin or contributor token, or an action lead's on an action
// they lead (api-shared.ts leadRefusal). An update records the RAG shown once it is made and
// moves the action to the status given with it; an override needs a reason, and {rag: null}
// clears it, so the suggested RAG shows again.

function updatesRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/actions/:action/updates',
    summary: "An action's progress updates, newest first",
    description: 'Each with its date, text, author, the RAG shown then and the status it set.',
    tag: TAG,
    params: actionParams,
    response: z.array(updateOut),
    example: { response: [UPDATE_EXAMPLE] },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => (await actionOf(tx, ctx.params.action)).updates.map(toUpdate)),
  });
}

function addUpdateRoute() {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/actions/:action/updates',
    summary: 'Adds a progress update to an action',
    description:
      'The date (not after today), what has been done, and the status the action moves to. The update records the RAG shown once it is made. An action lead’s token may add updates only to actions its person leads.',
    tag: TAG,
    roles: LEAD_WRITERS,
    params: actionParams,
    body: updateInputSchema,
    response: updateOut,
    status: 201,
    example: {
      request: {
        updatedOn: UPDATE_EXAMPLE.updatedOn,
        text: UPDATE_EXAMPLE.text,
        status: 'in-progress',
      },
      response: UPDATE_EXAMPLE,
    },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { action } = await actionOf(tx, ctx.params.action);
        requireLead(ctx, action.leads);
        const added = await addUpdate(
          tx,
          apiTrust(ctx).id,
          apiActor(ctx),
          action,
          ctx.body,
          todayIso(),
        );
        if (!added.ok) throw new ValidationError(added.errors);
        return toUpdate(added.value);
      }),
  });
}

function ragRoute() {
  return defineApiRoute({
    method: 'PUT',
    url: '/api/v1/trusts/:trust/actions/:action/rag',
    summary: 'Sets or clears the RAG shown over the suggested one',
    description:
      '{rag, reason} sets it (a reason is needed); {rag: null} clears it, so the RAG the dates and progress suggest shows again. A dropped action has no RAG. An action lead’s token may set it only on actions its person leads.',
    tag: TAG,
    roles: LEAD_WRITERS,
    params: actionParams,
    body: ragOverrideSchema,
    response: actionDetail,
    example: {
      request: { rag: 'amber', reason: 'The partnership board meets late this year' },
      response: {
        ...DETAIL_EXAMPLE,
        rag: 'amber',
        ragOverridden: true,
        override: {
          rag: 'amber',
          reason: 'The partnership board meets late this year',
          by: 'API token: Workforce dashboard',
          at: '2026-11-21T10:00:00.000Z',
        },
      },
    },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { action } = await actionOf(tx, ctx.params.action);
        requireLead(ctx, action.leads);
        const outcome = await setRagOverride(tx, apiTrust(ctx).id, apiActor(ctx), action, ctx.body);
        if (!outcome.ok) throw new ValidationError(outcome.errors);
        return toDetail(await actionOf(tx, action.id));
      }),
  });
}

/** The progress and RAG operations, in the order of the OpenAPI document. */
export function updatesApi() {
  return [updatesRoute(), addUpdateRoute(), ragRoute()];
}
