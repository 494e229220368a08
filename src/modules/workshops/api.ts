import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { apiRound, roundParams, PLAN_WRITERS } from '../rounds/index.ts';
import * as repo from './repository.ts';
import { WORKSHOP_KINDS, workshopApiSchema } from './schemas.ts';
import {
  checkApiWorkshop,
  createWorkshop,
  heldOnProblems,
  participantsTotal,
  trustSectors,
} from './service.ts';

// Focus groups and analysis workshops in the JSON API. Any token of the trust reads;
// recording needs a trust admin or contributor token, as on the pages.

const TAG = 'Focus groups and workshops';

const workshopOut = z.object({
  id: z.uuid(),
  kind: z.enum(WORKSHOP_KINDS),
  title: z.string(),
  heldOn: z.string().describe('YYYY-MM-DD'),
  facilitator: z.string(),
  participants: z.array(
    z.object({ sector: z.string().describe('Sector key'), count: z.number().int() }),
  ),
  participantsTotal: z.number().int(),
  notes: z.string(),
  dimensionsRated: z.number().int(),
});

const ratingOut = z.object({
  dimension: z.string().describe('Dimension key'),
  score: z.number().nullable().describe('1.0 to 5.0, or null'),
  stage: z.number().int().nullable().describe('Stage number, or null'),
  reasons: z.string(),
  evidenceLinks: z.array(z.string()),
});

const workshopDetail = workshopOut.extend({ ratings: z.array(ratingOut) });

const toWorkshop = (w: repo.WorkshopRow, ratings: number) => ({
  id: w.id,
  kind: w.kind as (typeof WORKSHOP_KINDS)[number],
  title: w.title,
  heldOn: w.heldOn,
  facilitator: w.facilitator,
  participants: w.participants.map((p) => ({ sector: p.sectorKey, count: p.count })),
  participantsTotal: participantsTotal(w),
  notes: w.notes,
  dimensionsRated: ratings,
});

const toRating = (r: repo.RatingRow) => ({
  dimension: r.dimensionKey,
  score: r.score,
  stage: r.stage,
  reasons: r.reasons,
  evidenceLinks: r.evidenceLinks,
});

function workshopsRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/workshops',
    summary: "The round's focus groups and analysis workshops, most recent first",
    tag: TAG,
    params: roundParams,
    response: z.array(workshopOut),
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
        const row = created.value;
        const ratings = await repo.listRatings(tx, [row.id]);
        return { ...toWorkshop(row, ratings.length), ratings: ratings.map(toRating) };
      }),
  });
}

function workshopRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/workshops/:workshop',
    summary: 'A focus group or analysis workshop with its ratings',
    tag: TAG,
    params: roundParams.extend({ workshop: z.guid().describe('The workshop id (a UUID)') }),
    response: workshopDetail,
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { round } = await apiRound(tx, ctx.params.round);
        const row = await repo.findWorkshop(tx, round.id, ctx.params.workshop);
        if (row === undefined) throw new NotFoundError();
        const ratings = await repo.listRatings(tx, [row.id]);
        return { ...toWorkshop(row, ratings.length), ratings: ratings.map(toRating) };
      }),
  });
}

/** The workshop operations of the API, in the order of the OpenAPI document. */
export function workshopsApi() {
  return [workshopsRoute(), addWorkshopRoute(), workshopRoute()];
}
