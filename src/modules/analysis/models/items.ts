import { colourName } from '../../../kernel/framework.ts';
import {
  areaOf,
  releaseState,
  slug,
  type Download,
  type ModelInput,
  type ModelServices,
  type ReleaseState,
} from './common.ts';
import { itemsExport } from './exports.ts';
import { itemTables } from './tables.ts';

// The questions of one area of a round, with their means and the count of every answer.

export interface ItemsModel {
  release: ReleaseState;
  area: { key: string; name: string; colourName: string };
  /** A table per dimension. */
  dimensions: ReturnType<typeof itemTables>;
}

export async function itemsModel(
  s: ModelServices,
  input: ModelInput,
  areaKey: string,
): Promise<ItemsModel> {
  const { tx, scope } = input;
  const scores = await s.analysis.roundScores(tx, scope);
  const area = areaOf(scope.version, areaKey);
  return {
    release: releaseState(scores),
    area: { key: area.key, name: area.name, colourName: colourName(area.colour) },
    dimensions: itemTables(scores, scope.version, area),
  };
}

/** Every question of the area with its figures. */
export async function itemsDownload(
  s: ModelServices,
  input: ModelInput,
  areaKey: string,
): Promise<Download> {
  const { tx, scope } = input;
  const scores = await s.analysis.roundScores(tx, scope);
  const area = areaOf(scope.version, areaKey);
  const tables = [itemsExport(scores, area)];
  return { name: `${slug(scope.round.title)}-${area.key}-items`, csv: tables, workbook: tables };
}
