import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { roundParams } from '../rounds/index.ts';
import * as repo from './repository.ts';
import { WORKSHOP_KINDS } from './schemas.ts';
import { participantsTotal } from './service.ts';

// What the workshop operations (api.ts, api-edit.ts) share: the answers they give, the
// workshop of a path, and the worked examples the OpenAPI document shows.

export const TAG = 'Focus groups and workshops';

export const workshopParams = roundParams.extend({
  workshop: z.guid().describe('The workshop id (a UUID)'),
});

export const workshopOut = z.object({
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

export const workshopDetail = workshopOut.extend({ ratings: z.array(ratingOut) });

export const toWorkshop = (w: repo.WorkshopRow, ratings: number): z.input<typeof workshopOut> => ({
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

/** The workshop of the round named in the path, or a 404. */
export async function workshopOf(tx: Tx, roundId: string, id: string): Promise<repo.WorkshopRow> {
  const row = await repo.findWorkshop(tx, roundId, id);
  if (row === undefined) throw new NotFoundError();
  return row;
}

/** The workshop with its ratings, as the API gives it. */
export async function detailOf(
  tx: Tx,
  row: repo.WorkshopRow,
): Promise<z.input<typeof workshopDetail>> {
  const ratings = await repo.listRatings(tx, [row.id]);
  return { ...toWorkshop(row, ratings.length), ratings: ratings.map(toRating) };
}

// ---- Worked examples ----

export const RATING_EXAMPLE = {
  dimension: 'shared-vision',
  score: 2.5,
  stage: 2,
  reasons: 'Agreed by the board, but not yet known on the front line',
  evidenceLinks: ['https://intranet.example.org/partnership/vision'],
};

export const WORKSHOP_REQUEST = {
  kind: 'analysis-workshop' as const,
  title: 'Analysis workshop',
  heldOn: '2026-06-10',
  facilitator: 'Workforce development lead',
  participants: [
    { sector: 'health', count: 4 },
    { sector: 'schools', count: 6 },
  ],
  notes: 'Held after the questionnaires closed',
};

export const WORKSHOP_EXAMPLE = {
  id: '3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b',
  ...WORKSHOP_REQUEST,
  participantsTotal: 10,
  dimensionsRated: 1,
};

export const DETAIL_EXAMPLE = { ...WORKSHOP_EXAMPLE, ratings: [RATING_EXAMPLE] };
