import type { Database, Tx } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { getVersion, type FrameworkVersion } from '../framework/index.ts';
import { listLocalities } from '../trusts/index.ts';
import { AUDIENCE_KEYS, type AudienceKey } from '../../kernel/framework.ts';
import { audienceItemKeys } from '../questionnaires/index.ts';
import {
  MAX_ERRORS,
  type ImportRules,
  type ParsedImport,
  type Progress,
  type RowError,
} from './import.ts';
import { checkImport, type CheckTask, type ImportSource } from './parse-worker.ts';
import { countResponses, findRound, listSectors, type RoundRow } from './repository.ts';
import { storeImport } from './store-import.ts';

// The rules of importing answers and counting responses, shared by the pages and the API.

/**
 * The rules as plain data, so that a worker thread can be given them (made here, so that the
 * worker loads only the check itself, not the questionnaires it reads the rules from).
 */
export function importRules(
  roundId: string,
  version: FrameworkVersion,
  sectorKeys: Iterable<string>,
  localities: Iterable<string> = [],
): ImportRules {
  const itemsByAudience = Object.fromEntries(
    AUDIENCE_KEYS.map((audience) => [audience, [...audienceItemKeys(version, audience)]]),
  ) as Record<AudienceKey, string[]>;
  return {
    roundId,
    versionKey: version.key,
    itemsByAudience,
    sectorKeys: [...sectorKeys],
    localities: [...localities],
  };
}

export type ImportOutcome =
  | { ok: true; responses: number; answers: number; skipped: number; logId: number }
  | { ok: false; message: string; errors: RowError[]; truncated: boolean };

async function roundAndVersion(
  tx: Tx,
  roundId: string,
): Promise<{ round: RoundRow; version: FrameworkVersion }> {
  const round = await findRound(tx, roundId);
  if (round === undefined) throw new NotFoundError();
  const version = await getVersion(tx, round.frameworkVersion);
  if (version === undefined) throw new NotFoundError();
  return { round, version: version.content };
}

/** The round (404 if it is not this trust's) for the pages' headings and breadcrumbs. */
export async function loadRound(db: Database, trustId: string, roundId: string) {
  return db.withTrust(trustId, async (tx) => (await roundAndVersion(tx, roundId)).round);
}

/** The framework version of a round, for the list of item keys an import may use. */
export async function loadRoundVersion(db: Database, trustId: string, roundId: string) {
  return db.withTrust(trustId, (tx) => roundAndVersion(tx, roundId));
}

export function failureMessage(count: number, truncated: boolean): string {
  if (truncated)
    return `The file has more than ${MAX_ERRORS} problems. The first ${MAX_ERRORS} are listed. Nothing was imported`;
  return count === 1
    ? 'The file has 1 problem. Nothing was imported'
    : `The file has ${count} problems. Nothing was imported`;
}

export interface ImportRequest {
  trustId: string;
  actor: Actor;
  roundId: string;
  source: ImportSource;
  via: 'web' | 'api';
}

export interface ImportSteps {
  /** Checks the file (in a worker thread for a large one). */
  check: (task: CheckTask) => Promise<ParsedImport>;
  /** Shared [rows checked, rows in the file], for a progress page. */
  progress?: Progress | undefined;
  /** Called when every row has passed and the answers are being saved. */
  saving?: () => void;
  /** The upload page's task, recorded with the import so that any process can find it. */
  taskId?: string | undefined;
}

/**
 * Imports a file of answers into a round: all or nothing. Respondents already imported
 * (same round and respondent id) are skipped, so the same file twice stores nothing new.
 */
export async function runImport(
  db: Database,
  request: ImportRequest,
  steps: ImportSteps,
): Promise<ImportOutcome> {
  const { trustId, roundId, actor, via } = request;
  const { version } = await loadRoundVersion(db, trustId, roundId);
  const { sectorKeys, localities } = await db.withTrust(trustId, async (tx) => ({
    sectorKeys: (await listSectors(tx)).map((s) => s.key),
    localities: (await listLocalities(tx)).map((l) => l.name),
  }));
  const rules = importRules(roundId, version, sectorKeys, localities);
  const parsed = await steps.check({ source: request.source, rules, progress: steps.progress });
  if (!parsed.ok)
    return {
      ok: false,
      message: failureMessage(parsed.errors.length, parsed.truncated),
      errors: parsed.errors,
      truncated: parsed.truncated,
    };
  steps.saving?.();
  const { batch } = parsed;
  return db.withTrust(trustId, async (tx) => {
    if ((await findRound(tx, roundId)) === undefined) throw new NotFoundError();
    const stored = await storeImport(tx, db.kind, trustId, roundId, batch);
    const details = {
      responses: stored.responses,
      answers: stored.answers,
      skipped: batch.respondents - stored.responses,
      rows: batch.rows,
      via,
      ...(steps.taskId === undefined ? {} : { task: steps.taskId }),
    };
    const logId = await audit(tx, actor, {
      trustId,
      action: 'import',
      entity: 'responses',
      entityId: roundId,
      details,
    });
    return { ok: true as const, ...details, logId };
  });
}

/** Imports a CSV text, checked on the spot (the operator command: no one else waits). */
export async function importResponses(
  db: Database,
  trustId: string,
  actor: Actor,
  roundId: string,
  text: string,
  via: 'web' | 'api',
): Promise<ImportOutcome> {
  return runImport(
    db,
    { trustId, actor, roundId, source: { kind: 'csv', text }, via },
    { check: checkImport },
  );
}

export interface ResponseSummary {
  round: { id: string; title: string; status: string };
  total: number;
  bySector: { sector: string | null; name: string; headcount: number | null; responses: number }[];
  byAudience: { audience: string; name: string; responses: number }[];
  bySectorAndAudience: { sector: string | null; audience: string; responses: number }[];
}

/** Responses counted by sector and by audience (every sector and audience, zeros included). */
export async function responseSummary(
  db: Database,
  trustId: string,
  roundId: string,
): Promise<ResponseSummary> {
  return db.withTrust(trustId, async (tx) => {
    const { round, version } = await roundAndVersion(tx, roundId);
    const [sectors, counts] = await Promise.all([listSectors(tx), countResponses(tx, roundId)]);
    const sum = (rows: { responses: number }[]) => rows.reduce((n, r) => n + r.responses, 0);
    const bySector: ResponseSummary['bySector'] = sectors.map((s) => ({
      sector: s.key,
      name: s.name,
      headcount: s.headcount,
      responses: sum(counts.filter((c) => c.sectorKey === s.key)),
    }));
    const known = new Set(sectors.map((s) => s.key));
    // Sectors since removed from the trust, then answers that gave no sector.
    for (const key of new Set(counts.map((c) => c.sectorKey)))
      if (key !== null && !known.has(key))
        bySector.push({
          sector: key,
          name: key,
          headcount: null,
          responses: sum(counts.filter((c) => c.sectorKey === key)),
        });
    const noSector = sum(counts.filter((c) => c.sectorKey === null));
    if (noSector > 0)
      bySector.push({
        sector: null,
        name: 'No sector given',
        headcount: null,
        responses: noSector,
      });
    return {
      round: { id: round.id, title: round.title, status: round.status },
      total: sum(counts),
      bySector,
      byAudience: AUDIENCE_KEYS.map((audience) => ({
        audience,
        name: version.audiences.find((a) => a.key === audience)?.name ?? audience,
        responses: sum(counts.filter((c) => c.audience === audience)),
      })),
      bySectorAndAudience: counts.map((c) => ({
        sector: c.sectorKey,
        audience: c.audience,
        responses: c.responses,
      })),
    };
  });
}
