// The models of the analysis: plain data and chart SVG built from a round's scores, for the
// pages and their downloads, and for any document that shows the same figures. They read
// through the analysis service in the caller's transaction and know nothing of HTTP.

export { areaModel, heatmapDownload, type AreaFindings, type AreaModel } from './area.ts';
export { slug } from './common.ts';
export type { Download, ModelInput, ModelServices, ReleaseState } from './common.ts';
export {
  compareDownload,
  compareModel,
  comparisonFigures,
  type CompareModel,
  type ComparisonFigures,
} from './compare.ts';
export type { ChangeRow } from './exports.ts';
export { commentsModel, findingsModel, type CommentsModel, type Findings } from './findings.ts';
export type { Diagram } from './diagrams.ts';
export { itemsDownload, itemsModel, type ItemsModel } from './items.ts';
export { areaTables, compareTables, itemsTables, overviewTables } from './page-tables.ts';
export {
  overviewModel,
  scoresDownload,
  type OverviewArea,
  type OverviewModel,
} from './overview.ts';
export { suggestedFocusAreas } from './suggestions.ts';
export { tidyDownload, tidyRows, tidyTable, TIDY_COLUMNS, type TidyRow } from './tidy.ts';
