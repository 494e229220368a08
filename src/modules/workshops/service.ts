import type { Tx } from '../../db/client.ts';
import { toCsv } from '../../web/csv.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { areasInRainbowOrder, colourName } from '../../kernel/framework.ts';
import type { Area, FrameworkVersion } from '../framework/index.ts';
import { listSectors, orderSectors } from '../trusts/index.ts';
import { apiRatings, formatScore, isBlank, type RatingValues } from './ratings.ts';
import * as repo from './repository.ts';
import { kindLabel } from './schemas.ts';
import type { RatingRow, WorkshopRow, WorkshopValues } from './repository.ts';
import type { RatingApiInput, WorkshopApiInput } from './schemas.ts';
import { dateInRoundProblem, todayIso, type RoundDates } from '../../kernel/date-rules.ts';
import { ok, type Outcome } from '../../kernel/outcome.ts';

// The rules of focus groups and workshops, shared by the pages and the API. Every change
// is audited in the same transaction as the change.

export async function trustSectors(tx: Tx): Promise<{ key: string; name: string }[]> {
  return orderSectors(await listSectors(tx)).map((s) => ({ key: s.key, name: s.name }));
}

export function participantsTotal(row: { participants: repo.Participant[] }): number {
  return row.participants.reduce((sum, p) => sum + p.count, 0);
}

/** The date rule of a focus group or workshop: held within a month of the round's dates. */
export function heldOnProblems(
  round: RoundDates,
  heldOn: string,
  today: string = todayIso(),
): FieldError[] {
  const problem = dateInRoundProblem(heldOn, round, 'date it was held', today);
  return problem === null ? [] : [{ field: 'heldOn', message: problem }];
}

export async function createWorkshop(
  tx: Tx,
  trustId: string,
  actor: Actor,
  round: RoundDates & { id: string },
  values: WorkshopValues,
  ratings: Map<string, RatingValues | null> = new Map(),
): Promise<Outcome<WorkshopRow>> {
  const errors = heldOnProblems(round, values.heldOn);
  if (errors.length > 0) return { ok: false, errors };
  const roundId = round.id;
  const row = await repo.insertWorkshop(tx, trustId, roundId, values);
  if (ratings.size > 0) await repo.saveRatings(tx, trustId, row.id, ratings);
  await audit(tx, actor, {
    trustId,
    action: `recorded ${values.kind === 'analysis-workshop' ? 'an analysis workshop' : 'a focus group'}`,
    entity: 'workshop',
    entityId: row.id,
    details: { roundId, ...values, ratings: [...ratings.keys()] },
  });
  return ok(row);
}

export async function changeWorkshop(
  tx: Tx,
  trustId: string,
  actor: Actor,
  round: RoundDates,
  row: WorkshopRow,
  values: WorkshopValues,
): Promise<Outcome> {
  const errors = heldOnProblems(round, values.heldOn);
  if (errors.length > 0) return { ok: false, errors };
  await repo.updateWorkshop(tx, row.id, values);
  await audit(tx, actor, {
    trustId,
    action: 'changed a workshop',
    entity: 'workshop',
    entityId: row.id,
    details: { roundId: row.roundId, ...values },
  });
  return ok(null);
}

export async function removeWorkshop(
  tx: Tx,
  trustId: string,
  actor: Actor,
  row: WorkshopRow,
): Promise<void> {
  await repo.deleteWorkshop(tx, row.id);
  await audit(tx, actor, {
    trustId,
    action: 'removed a workshop',
    entity: 'workshop',
    entityId: row.id,
    details: { roundId: row.roundId, kind: row.kind, title: row.title, heldOn: row.heldOn },
  });
}

/** The ratings of one area sent to the API, checked against the area's dimensions. */
export function checkApiAreaRatings(
  version: FrameworkVersion,
  area: Area,
  input: readonly RatingApiInput[],
): { errors: FieldError[]; values: Map<string, RatingValues> } {
  const dimensions = new Map(area.dimensions.map((d) => [d.key, d.name]));
  const message = `Select a dimension of ${area.name}`;
  const { errors, ratings } = apiRatings(version, dimensions, input, message);
  const blank: RatingValues = { score: null, stage: null, reasons: '', evidenceLinks: [] };
  return { errors, values: new Map([...ratings].map(([key, r]) => [key, r ?? blank])) };
}

/** Saves every dimension of one area at once: a blank dimension loses its rating. */
export async function saveAreaRatings(
  tx: Tx,
  trustId: string,
  actor: Actor,
  workshop: WorkshopRow,
  area: Area,
  values: Map<string, RatingValues>,
): Promise<void> {
  const changes = new Map<string, RatingValues | null>();
  for (const dimension of area.dimensions) {
    const rating = values.get(dimension.key);
    changes.set(dimension.key, rating === undefined || isBlank(rating) ? null : rating);
  }
  await repo.saveRatings(tx, trustId, workshop.id, changes);
  await audit(tx, actor, {
    trustId,
    action: 'recorded workshop ratings',
    entity: 'workshop',
    entityId: workshop.id,
    details: {
      area: area.key,
      ratings: Object.fromEntries(
        [...changes].map(([key, r]) => [
          key,
          r === null ? null : { score: r.score, stage: r.stage },
        ]),
      ),
    },
  });
}

/** Checks an API workshop against the version and the trust's sectors. */
export function checkApiWorkshop(
  version: FrameworkVersion,
  sectors: { key: string }[],
  input: Omit<WorkshopApiInput, 'ratings'> & Partial<Pick<WorkshopApiInput, 'ratings'>>,
): { errors: FieldError[]; values: WorkshopValues; ratings: Map<string, RatingValues | null> } {
  const errors: FieldError[] = [];
  const sectorKeys = new Set(sectors.map((s) => s.key));
  const seenSectors = new Set<string>();
  input.participants.forEach((p, i) => {
    if (!sectorKeys.has(p.sector))
      errors.push({ field: `participants.${i}.sector`, message: 'Select one of your sectors' });
    else if (seenSectors.has(p.sector))
      errors.push({ field: `participants.${i}.sector`, message: 'Give each sector once' });
    seenSectors.add(p.sector);
  });
  const dimensions = new Map(
    version.areas.flatMap((a) => a.dimensions).map((d) => [d.key, d.name]),
  );
  const rated = apiRatings(
    version,
    dimensions,
    input.ratings ?? [],
    'Select a dimension of the round’s framework version',
  );
  errors.push(...rated.errors);
  const ratings = rated.ratings;
  return {
    errors,
    values: {
      kind: input.kind,
      title: input.title,
      heldOn: input.heldOn,
      facilitator: input.facilitator,
      participants: input.participants.map((p) => ({ sectorKey: p.sector, count: p.count })),
      notes: input.notes,
    },
    ratings,
  };
}

// ---- Reading ----

export interface AreaRatingsView {
  key: string;
  heading: string;
  name: string;
  colour: string;
  rated: number;
  rows: {
    dimensionKey: string;
    dimension: string;
    score: string;
    stage: string;
    reasons: string;
    evidenceLinks: string[];
    rated: boolean;
  }[];
}

export function stageName(version: FrameworkVersion, stage: number | null): string {
  if (stage === null) return '';
  return version.stages.find((s) => s.number === stage)?.name ?? String(stage);
}

/** Every area in rainbow order with each dimension's rating (or none) from one workshop. */
export function areaRatings(version: FrameworkVersion, ratings: RatingRow[]): AreaRatingsView[] {
  const byKey = new Map(ratings.map((r) => [r.dimensionKey, r]));
  return areasInRainbowOrder(version).map((area) => {
    const rows = area.dimensions.map((d) => {
      const r = byKey.get(d.key);
      return {
        dimensionKey: d.key,
        dimension: d.name,
        score: formatScore(r?.score ?? null),
        stage: stageName(version, r?.stage ?? null),
        reasons: r?.reasons ?? '',
        evidenceLinks: r?.evidenceLinks ?? [],
        rated: r !== undefined,
      };
    });
    return {
      key: area.key,
      heading: `${colourName(area.colour)}: ${area.name}`,
      name: area.name,
      colour: colourName(area.colour),
      rated: rows.filter((r) => r.rated).length,
      rows,
    };
  });
}

/** The ratings of some workshops as CSV rows (header first), in workshop then rainbow order. */
export function ratingsCsv(
  version: FrameworkVersion,
  workshops: WorkshopRow[],
  ratings: RatingRow[],
): string {
  const rows = workshops.flatMap((workshop) =>
    areaRatings(
      version,
      ratings.filter((r) => r.workshopId === workshop.id),
    ).flatMap((area) =>
      area.rows
        .filter((r) => r.rated)
        .map((r) => [
          workshop.title,
          workshop.heldOn,
          kindLabel(workshop.kind),
          area.heading,
          r.dimension,
          r.score,
          r.stage,
          r.reasons,
          r.evidenceLinks.join(' '),
        ]),
    ),
  );
  return toCsv(
    [
      'workshop',
      'date',
      'kind',
      'area',
      'dimension',
      'score',
      'stage',
      'reasons',
      'evidence links',
    ],
    rows,
  );
}
