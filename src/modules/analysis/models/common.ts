import type { Tx } from '../../../db/client.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import type { ExportTable } from '../../../web/table-export.ts';
import type { Charts } from '../../charts/index.ts';
import type { Area, FrameworkVersion } from '../../framework/index.ts';
import type { RoundScope } from '../../rounds/index.ts';
import type { AnalysisService } from '../service.ts';
import type { RoundScores } from '../types.ts';

// What every model of the analysis is built from and shares.

/** The services a model reads and draws with. */
export interface ModelServices {
  analysis: AnalysisService;
  charts: Charts;
}

/** The round a model is of, read in the caller's trust transaction. */
export interface ModelInput {
  tx: Tx;
  scope: RoundScope;
}

/** Which release of the answers the figures come from (SPEC §6, "No tracker over time"). */
export interface ReleaseState {
  /** No release yet: collection is still open, so every figure is withheld. */
  collecting: boolean;
  /** Responses not yet in a release (while collecting: all of them). */
  pending: number;
  releaseNumber: number | null;
}

export function releaseState(scores: RoundScores): ReleaseState {
  return {
    collecting: scores.release === null || scores.release === undefined,
    pending: scores.pending ?? 0,
    releaseNumber: scores.release?.number ?? null,
  };
}

/** Tables to download: the CSV's (one plain table where it can be) and the workbook's. */
export interface Download {
  /** The file name without its extension. */
  name: string;
  csv: ExportTable[];
  workbook: ExportTable[];
}

/** The area of the version with this key; another key is not found. */
export function areaOf(version: FrameworkVersion, key: string): Area {
  const area = version.areas.find((a) => a.key === key);
  if (area === undefined) throw new NotFoundError();
  return area;
}

/** A file name made from a round's title. */
export const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'round';
