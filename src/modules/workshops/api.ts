import { z } from 'zod';
import { ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { apiRound, roundParams, PLAN_WRITERS } from '../rounds/index.ts';
import * as repo from './repository.ts';
import { workshopApiSchema } from './schemas.ts';
import { checkApiWorkshop, createWorkshop, heldOnProblems, trustSectors } from './service.ts';
import {
  DETAIL_EXAMPLE,
  detailOf,
  RATING_EXAMPLE,
  TAG,
  toWorkshop,
  WORKSHOP_EXAMPLE,
  WORKSHOP_REQUEST,
  workshopDetail,
  workshopOf,
  workshopOut,
  workshopParams,
} from './api-shared.ts';
import { editApi } from './api-edit.ts';

// Focus groups and analysis workshops in the JSON API: listing, recording and reading them
// (changing, removing and rating an area are in api-edit.ts). Any token of the trust reads;
// recording needs a trust admin or contributor token, as on the pages.

function workshopsRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/workshops',
    summary: "The round's focus groups and analysis workshops, most recent first",
    tag: TAG,
    params: roundParams,
    response: z.array(workshopOut),
    example: { response: [WORKSHOP_EXAMPLE] },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { round } = await apiRound(tx, ctx.params.round);
        return (await repo.listWorkshops(tx, round.id)).map((w) => toWorkshop(w, w.ratings));
      }),
  });
}

function addWorkshopRoute() {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/rounds/:round/workshops',
    summary: 'Records a focus group or analysis workshop with its ratings',
    description:
      "Ratings name dimensions of the round's framework version. A score is 1.0 to 5.0 with one decimal place; a stage given with a score must be the stage whose band holds the score. The date it was held is within a month of the round's dates. All or nothing: on any error nothing is saved.",
    tag: TAG,
    roles: PLAN_WRITERS,
    params: roundParams,
    body: workshopApiSchema,
    response: workshopDetail,
    status: 201,
    example: {
      request: { ...WORKSHOP_REQUEST, ratings: [RATING_EXAMPLE] },
      response: DETAIL_EXAMPLE,
    },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const trustId = apiTrust(ctx).id;
        const { round, version } = await apiRound(tx, ctx.params.round);
        const checked = checkApiWorkshop(version, await trustSectors(tx), ctx.body);
        const errors = [...heldOnProblems(round, ctx.body.heldOn), ...checked.errors];
        if (errors.length > 0) throw new ValidationError(errors);
        const created = await createWorkshop(
          tx,
          trustId,
          apiActor(ctx),
          round,
          checked.values,
          checked.ratings,
        );
        if (!created.ok) throw new ValidationError(created.errors);
        return detailOf(tx, created.value);
      }),
  });
}

function workshopRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/workshops/:workshop',
    summary: 'A focus group or analysis workshop with its ratings',
    tag: TAG,
    params: workshopParams,
    response: workshopDetail,
    example: { response: DETAIL_EXAMPLE },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { round } = await apiRound(tx, ctx.params.round);
        return detailOf(tx, await workshopOf(tx, round.id, ctx.params.workshop));
      }),
  });
}

/** The workshop operations of the API, in the order of the OpenAPI document. */
export function workshopsApi() {
  return [workshopsRoute(), addWorkshopRoute(), workshopRoute(), ...editApi()];
}
