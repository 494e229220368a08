import { pageTable, type PageTable, type TableCell } from '../../../web/page-table.ts';
import type { AreaModel } from './area.ts';
import type { CompareModel } from './compare.ts';
import type { Diagram } from './diagrams.ts';
import type { ItemsModel } from './items.ts';
import type { OverviewArea, OverviewModel } from './overview.ts';

// The tables of the analysis pages as page tables: what the pages show, and what each
// table's "Download this table" link sends (withheld figures as the page writes them). The
// long-form downloads of every figure (exports.ts, tidy.ts) are other files.

/** A chart's data table, beside the chart. */
function chartTable(key: string, caption: string, chart: Diagram): PageTable {
  return pageTable({
    key,
    caption,
    captionClasses: 'govuk-table__caption--s',
    head: chart.head,
    rows: chart.rows,
    classes: 'govuk-table--small-text-until-tablet',
    scrollHint: true,
  });
}

const dash = (n: number | null) => (n === null ? '–' : n.toLocaleString('en-GB'));

function areaRow(base: string, a: OverviewArea, workshop: boolean): TableCell[] {
  const agreed: TableCell[] = [
    {
      text: a.workshop ? a.agreed : 'Not rated',
      format: 'numeric',
      ...(a.agreedFor === '' ? {} : { more: [{ text: a.agreedFor }] }),
    },
    { text: a.agreedStage || '–' },
  ];
  return [
    { text: `${a.colourName}: ${a.name}`, href: `${base}/analysis/areas/${a.key}` },
    { text: a.questionnaire, format: 'numeric' },
    { text: a.questionnaireStage },
    ...(workshop ? agreed : []),
    { text: dash(a.n), format: 'numeric' },
  ];
}

/** The overview: the seven areas, their trend over the rounds, and each area's diagram. */
export function overviewTables(model: OverviewModel, base: string) {
  return {
    areas: pageTable({
      key: 'areas',
      caption: 'Scores of the seven areas',
      captionClasses: 'govuk-visually-hidden',
      testid: 'area-scores',
      scrollHint: true,
      head: [
        { text: 'Area' },
        { text: 'Questionnaire score', format: 'numeric' },
        { text: 'Stage' },
        ...(model.workshop
          ? [{ text: 'Agreed position (workshop)', format: 'numeric' }, { text: 'Agreed stage' }]
          : []),
        { text: 'People (n)', format: 'numeric' },
      ],
      rows: model.areas.map((a) => areaRow(base, a, model.workshop)),
    }),
    trend:
      model.trend === null
        ? null
        : chartTable('trend', 'Questionnaire scores of the seven areas by round', model.trend),
    spiders: model.areas.map((a) =>
      chartTable(`spider-${a.key}`, `${a.colourName}: ${a.name}, scores by dimension`, a.chart),
    ),
  };
}

/** One area: its diagram, its dimensions, and its groups' scores as heat maps. */
export function areaTables(model: AreaModel) {
  const heat = (key: string, caption: string, h: AreaModel['heatmap']) =>
    pageTable({
      key,
      caption,
      captionClasses: 'govuk-table__caption--s',
      testid: `heatmap-${key.replace('by-', '')}`,
      head: h.head,
      rows: h.rows,
      classes: 'ocw-heatmap',
      scrollHint: true,
    });
  return {
    spider: chartTable('spider', 'Scores by dimension', model.chart),
    dimensions: pageTable({
      key: 'dimensions',
      caption: `Dimensions of ${model.area.name}`,
      captionClasses: 'govuk-visually-hidden',
      testid: 'dimension-table',
      head: model.dimensions.head,
      rows: model.dimensions.rows,
      scrollHint: true,
    }),
    bySector: heat('by-sector', 'Scores by sector', model.heatmap),
    byAudience: heat('by-audience', 'Scores by who answered', model.audiences),
    byLocality: heat('by-locality', 'Scores by locality', model.localities),
    drillDowns: model.drillDowns.map((d) => ({
      practices: pageTable({
        key: `drill-down-${d.key}`,
        caption: `${d.name}: scores by practice`,
        captionClasses: 'govuk-table__caption--s',
        testid: `drill-down-${d.key}`,
        head: d.practices.head,
        rows: d.practices.rows,
        scrollHint: true,
      }),
      questions: pageTable({
        key: `drill-down-${d.key}-questions`,
        caption: `${d.name}: every question, with the count of each answer`,
        captionClasses: 'govuk-table__caption--s',
        testid: `drill-down-${d.key}-questions`,
        head: d.questions.head,
        rows: d.questions.rows,
        classes: 'govuk-table--small-text-until-tablet',
        scrollHint: true,
      }),
    })),
  };
}

/** The questions of an area: a table per dimension. */
export function itemsTables(model: ItemsModel) {
  return model.dimensions.map((d) => ({
    ...d,
    table: pageTable({
      key: `items-${d.key}`,
      caption: `Questions of ${d.name}`,
      captionClasses: 'govuk-visually-hidden',
      testid: `items-${d.key}`,
      head: d.head,
      rows: d.rows,
      classes: 'govuk-table--small-text-until-tablet',
      scrollHint: true,
    }),
  }));
}

/** This round against an earlier one: the change table and each area's diagram. */
export function compareTables(model: CompareModel, title: string) {
  const earlier = model.earlier;
  if (earlier === null || model.change === null) return null;
  const both = `${earlier.title} and ${title}`;
  return {
    change: pageTable({
      key: 'change',
      caption: `Scores in ${both}`,
      captionClasses: 'govuk-visually-hidden',
      testid: 'change-table',
      head: [
        { text: 'Area or dimension' },
        { text: earlier.title, format: 'numeric' },
        { text: title, format: 'numeric' },
        { text: 'Change', format: 'numeric' },
      ],
      rows: model.change,
      scrollHint: true,
    }),
    spiders: model.areas.map((a, i) =>
      chartTable(`spider-${i + 1}`, `${a.colourName}: ${a.name}, ${both}`, a.chart),
    ),
  };
}
