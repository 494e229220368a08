import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { apiRound, PLAN_WRITERS } from '../rounds/index.ts';
import type { Area } from '../framework/index.ts';
import type { WorkshopRow } from './repository.ts';
import {
  areaRatingsApiSchema,
  workshopChangeApiSchema,
  type WorkshopApiInput,
  type WorkshopKind,
} from './schemas.ts';
import {
  changeWorkshop,
  checkApiAreaRatings,
  checkApiWorkshop,
  removeWorkshop,
  saveAreaRatings,
  trustSectors,
} from './service.ts';
import {
  DETAIL_EXAMPLE,
  detailOf,
  RATING_EXAMPLE,
  TAG,
  workshopDetail,
  workshopOf,
  workshopParams,
} from './api-shared.ts';

// Changing a focus group or workshop in the JSON API, as its pages do: its details (the edit
// page), removing it, and the ratings of one area (the area's ratings page). The same rules,
// service calls and audit entries as the pages; a trust admin or contributor token.

type Change = z.infer<typeof workshopChangeApiSchema>;

/** The workshop's details as they would be with the change (its ratings stay as they are). */
function changed(row: WorkshopRow, change: Change): Omit<WorkshopApiInput, 'ratings'> {
  return {
    kind: change.kind ?? (row.kind as WorkshopKind),
    title: change.title ?? row.title,
    heldOn: change.heldOn ?? row.heldOn,
    facilitator: change.facilitator ?? row.facilitator,
    participants:
      change.participants ?? row.participants.map((p) => ({ sector: p.sectorKey, count: p.count })),
    notes: change.notes ?? row.notes,
  };
}

function changeRoute() {
  return defineApiRoute({
    method: 'PATCH',
    url: '/api/v1/trusts/:trust/rounds/:round/workshops/:workshop',
    summary: "Changes a focus group's or workshop's details",
    description:
      "The fields of the page that changes it, each optional: those left out keep their values, and participants, when given, replace the whole list. The rules of recording one apply to the result (held within a month of the round's dates; sectors of the trust, each once). Its ratings stay as they are: change them with PUT …/areas/{area}.",
    tag: TAG,
    roles: PLAN_WRITERS,
    params: workshopParams,
    body: workshopChangeApiSchema,
    response: workshopDetail,
    example: {
      request: { facilitator: 'Head of workforce development' },
      response: { ...DETAIL_EXAMPLE, facilitator: 'Head of workforce development' },
    },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { round, version } = await apiRound(tx, ctx.params.round);
        const row = await workshopOf(tx, round.id, ctx.params.workshop);
        const checked = checkApiWorkshop(version, await trustSectors(tx), changed(row, ctx.body));
        if (checked.errors.length > 0) throw new ValidationError(checked.errors);
        const trustId = apiTrust(ctx).id;
        const outcome = await changeWorkshop(
          tx,
          trustId,
          apiActor(ctx),
          round,
          row,
          checked.values,
        );
        if (!outcome.ok) throw new ValidationError(outcome.errors);
        return detailOf(tx, await workshopOf(tx, round.id, row.id));
      }),
  });
}

function removeRoute() {
  return defineApiRoute({
    method: 'DELETE',
    url: '/api/v1/trusts/:trust/rounds/:round/workshops/:workshop',
    summary: 'Removes a focus group or workshop, with its ratings',
    description:
      "An analysis workshop's ratings are the agreed positions the analysis shows: removing it removes them there too.",
    tag: TAG,
    roles: PLAN_WRITERS,
    params: workshopParams,
    response: z.null().describe('No content'),
    status: 204,
    example: { response: null },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { round } = await apiRound(tx, ctx.params.round);
        const row = await workshopOf(tx, round.id, ctx.params.workshop);
        await removeWorkshop(tx, apiTrust(ctx).id, apiActor(ctx), row);
        return null;
      }),
  });
}

const areaParams = workshopParams.extend({
  area: z.string().describe("An area key of the round's framework version"),
});

function areaRatingsRoute() {
  return defineApiRoute({
    method: 'PUT',
    url: '/api/v1/trusts/:trust/rounds/:round/workshops/:workshop/areas/:area',
    summary: 'Records the ratings of one area',
    description:
      "Every dimension of the area at once, as the area's ratings page: a dimension left out, or sent with no score, stage, reasons or links, loses its rating; dimensions of other areas are not touched. A score is 1.0 to 5.0 with one decimal place; a stage given with a score must be the stage whose band holds the score. All or nothing.",
    tag: TAG,
    roles: PLAN_WRITERS,
    params: areaParams,
    body: areaRatingsApiSchema,
    response: workshopDetail,
    example: { request: { ratings: [RATING_EXAMPLE] }, response: DETAIL_EXAMPLE },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { round, version } = await apiRound(tx, ctx.params.round);
        const row = await workshopOf(tx, round.id, ctx.params.workshop);
        const area: Area | undefined = version.areas.find((a) => a.key === ctx.params.area);
        if (area === undefined) throw new NotFoundError();
        const { errors, values } = checkApiAreaRatings(version, area, ctx.body.ratings);
        if (errors.length > 0) throw new ValidationError(errors);
        await saveAreaRatings(tx, apiTrust(ctx).id, apiActor(ctx), row, area, values);
        return detailOf(tx, row);
      }),
  });
}

/** The operations that change a workshop, in the order of the OpenAPI document. */
export function editApi() {
  return [changeRoute(), removeRoute(), areaRatingsRoute()];
}
