import { z } from 'zod';
import { todayIso } from '../../kernel/date-rules.ts';
import type { Tx } from '../../db/client.ts';
import { NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { changeFocusArea, createFocusArea, moveFocusArea, removeFocusArea } from './focus-areas.ts';
import { loadRoundPlan } from './plan-round.ts';
import * as focusRepo from './repository-focus.ts';
import { FOCUS_AREA_SOURCES, focusAreaValuesSchema } from './schemas.ts';
import type { FocusAreaValues } from './types.ts';
import {
  actionOut,
  focusAreaOut,
  focusAreaParams,
  roundParams,
  TAG,
  toAction,
  toFocusArea,
  trustParams,
  WRITERS,
} from './api-shared.ts';
import { ACTION_EXAMPLE, FOCUS_AREA_EXAMPLE } from './api-examples.ts';

// Focus areas and the plan against a round in the JSON API, as the focus area pages and the
// round's "Agree actions" page. Focus areas are listed in the trust's order; a change names
// only the fields it changes; moving swaps a focus area with its neighbour. The plan against a
// round gives the round's focus areas with their actions, those with none, and the focus areas
// the round's analysis suggests — read through `roundSuggestions`, which the caller gives, so
// that this module does not depend on the analysis (undefined: the trust has no such round).

/** A focus area the round's analysis suggests (the analysis module's SuggestedFocusArea). */
export interface RoundSuggestion {
  source: 'weakest' | 'divergent' | 'agreed-gap' | 'drill-down';
  title: string;
  reason: string;
  frameworkVersion: string;
  areas: string[];
  dimensions: string[];
  also: ('weakest' | 'divergent' | 'agreed-gap' | 'drill-down')[];
  strength: number;
}

export interface FocusServices {
  roundSuggestions: (tx: Tx, roundId: string) => Promise<RoundSuggestion[] | undefined>;
}

async function listed(tx: Tx) {
  const counts = await focusRepo.actionCountsByFocusArea(tx);
  return (await focusRepo.listFocusAreas(tx)).map((f) =>
    toFocusArea(f, counts.get(f.id)?.all ?? 0),
  );
}

async function focusAreaOf(tx: Tx, id: string) {
  const row = await focusRepo.findFocusArea(tx, id);
  if (row === undefined) throw new NotFoundError();
  return row;
}

async function answerOf(tx: Tx, id: string) {
  const found = (await listed(tx)).find((f) => f.id === id);
  if (found === undefined) throw new NotFoundError();
  return found;
}

const shape = focusAreaValuesSchema.shape;
const focusAreaChange = z.object({
  title: shape.title.optional(),
  description: shape.description.unwrap().optional(),
  roundId: shape.roundId.unwrap().optional(),
  source: shape.source.unwrap().optional(),
  frameworkVersion: shape.frameworkVersion.unwrap().optional(),
  areas: shape.areas.unwrap().optional(),
  dimensions: shape.dimensions.unwrap().optional(),
});

const FOCUS_REQUEST = {
  title: FOCUS_AREA_EXAMPLE.title,
  description: FOCUS_AREA_EXAMPLE.description,
};

function listRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/focus-areas',
    summary: "The trust's focus areas, in the trust's order",
    description:
      'Its own and those adopted from a round’s suggestions, each with how many actions name it.',
    tag: TAG,
    params: trustParams,
    response: z.array(focusAreaOut),
    example: { response: [FOCUS_AREA_EXAMPLE] },
    handler: (ctx) => ctx.inTrust(listed),
  });
}

function createRoute() {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/focus-areas',
    summary: 'Adds a focus area after the others',
    description:
      'Its own (source "own"), or a round’s suggestion adopted (the suggestion’s source, colours and dimensions, and the round). Colours and dimensions are keys of the framework version given.',
    tag: TAG,
    roles: WRITERS,
    params: trustParams,
    body: focusAreaValuesSchema,
    response: focusAreaOut,
    status: 201,
    example: { request: FOCUS_REQUEST, response: { ...FOCUS_AREA_EXAMPLE, actions: 0 } },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const created = await createFocusArea(tx, apiTrust(ctx).id, apiActor(ctx), ctx.body);
        if (!created.ok) throw new ValidationError(created.errors);
        return answerOf(tx, created.value.id);
      }),
  });
}

function changeRoute() {
  return defineApiRoute({
    method: 'PATCH',
    url: '/api/v1/trusts/:trust/focus-areas/:focusArea',
    summary: 'Changes a focus area',
    description: 'Its fields, each optional: those left out keep their values.',
    tag: TAG,
    roles: WRITERS,
    params: focusAreaParams,
    body: focusAreaChange,
    response: focusAreaOut,
    example: {
      request: { title: 'A vision known on the front line' },
      response: { ...FOCUS_AREA_EXAMPLE, title: 'A vision known on the front line' },
    },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const row = await focusAreaOf(tx, ctx.params.focusArea);
        const values: FocusAreaValues = {
          title: row.title,
          description: row.description,
          roundId: row.roundId,
          source: row.source,
          frameworkVersion: row.frameworkVersion,
          areas: row.areas,
          dimensions: row.dimensions,
          ...ctx.body,
        };
        const outcome = await changeFocusArea(tx, apiTrust(ctx).id, apiActor(ctx), row, values);
        if (!outcome.ok) throw new ValidationError(outcome.errors);
        return answerOf(tx, row.id);
      }),
  });
}

function removeRoute() {
  return defineApiRoute({
    method: 'DELETE',
    url: '/api/v1/trusts/:trust/focus-areas/:focusArea',
    summary: 'Removes a focus area',
    description: 'Its actions stay in the plan, no longer linked to it.',
    tag: TAG,
    roles: WRITERS,
    params: focusAreaParams,
    response: z.null().describe('No content'),
    status: 204,
    example: { response: null },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const row = await focusAreaOf(tx, ctx.params.focusArea);
        await removeFocusArea(tx, apiTrust(ctx).id, apiActor(ctx), row);
        return null;
      }),
  });
}

function moveRoute() {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/focus-areas/:focusArea/move',
    summary: 'Moves a focus area one place up or down',
    description:
      'Nothing moves when it is already first (up) or last (down). Answers the focus areas in their new order.',
    tag: TAG,
    roles: WRITERS,
    params: focusAreaParams,
    body: z.object({
      direction: z.enum(['up', 'down'], { error: 'Choose up or down' }),
    }),
    response: z.array(focusAreaOut),
    example: { request: { direction: 'up' }, response: [FOCUS_AREA_EXAMPLE] },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const row = await focusAreaOf(tx, ctx.params.focusArea);
        await moveFocusArea(tx, apiTrust(ctx).id, apiActor(ctx), row, ctx.body.direction);
        return listed(tx);
      }),
  });
}

const suggestionOut = z.object({
  source: z.enum(FOCUS_AREA_SOURCES),
  title: z.string(),
  reason: z.string(),
  frameworkVersion: z.string(),
  areas: z.array(z.string()),
  dimensions: z.array(z.string()),
  also: z.array(z.string()).describe('Other sources that name the same dimension'),
  strength: z.number(),
});

const roundPlanOut = z.object({
  round: z.uuid(),
  everyFocusAreaHasAction: z
    .boolean()
    .describe('The round has focus areas and each has an action that is not dropped'),
  focusAreas: z.array(
    z.object({
      focusArea: focusAreaOut,
      covered: z.boolean(),
      actions: z.array(actionOut),
    }),
  ),
  uncovered: z.array(z.uuid()).describe('The focus areas with no action (that is not dropped)'),
  otherActions: z.array(actionOut).describe('Actions naming the round but none of its focus areas'),
  suggestions: z.array(suggestionOut).describe('The focus areas the round’s analysis suggests'),
});

const SUGGESTION_EXAMPLE = {
  source: 'weakest' as const,
  title: 'Multi-agency training',
  reason: 'The lowest score of the round: 2.1',
  frameworkVersion: '2026.1',
  areas: ['shared-identity'],
  dimensions: ['multi-agency-training'],
  also: [],
  strength: 1.9,
};

function roundPlanRoute(s: FocusServices) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/action-plan',
    summary: 'The plan against a round, with the focus areas its analysis suggests',
    description:
      'The round’s focus areas in the trust’s order, each with its actions; which have none; actions naming the round but none of its focus areas; and the suggested focus areas (weakest, divergent, agreed gap, drill-down), none before the answers are released.',
    tag: TAG,
    params: roundParams,
    response: roundPlanOut,
    example: {
      response: {
        round: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        everyFocusAreaHasAction: true,
        focusAreas: [
          {
            focusArea: { ...FOCUS_AREA_EXAMPLE, actions: 1 },
            covered: true,
            actions: [ACTION_EXAMPLE],
          },
        ],
        uncovered: [],
        otherActions: [],
        suggestions: [SUGGESTION_EXAMPLE],
      },
    },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const suggestions = await s.roundSuggestions(tx, ctx.params.round);
        if (suggestions === undefined) throw new NotFoundError();
        const plan = await loadRoundPlan(tx, ctx.params.round, todayIso());
        return {
          round: ctx.params.round,
          everyFocusAreaHasAction: plan.everyFocusAreaHasAction,
          focusAreas: plan.focusAreas.map((f) => ({
            focusArea: toFocusArea(f.focusArea, f.actions.length),
            covered: f.covered,
            actions: f.actions.map(toAction),
          })),
          uncovered: plan.uncovered.map((f) => f.id),
          otherActions: plan.otherActions.map(toAction),
          suggestions: suggestions.map((x) => ({ ...x })),
        };
      }),
  });
}

/** The focus area operations and the plan against a round, in the order of the document. */
export function focusApi(s: FocusServices) {
  return [listRoute(), createRoute(), changeRoute(), removeRoute(), moveRoute(), roundPlanRoute(s)];
}
