import { pageTable, type PageTable } from '../../web/page-table.ts';
import { formatDate } from '../../web/views.ts';
import type { listVersions } from './repository.ts';
import type { Area, FrameworkVersion, Item } from './schema.ts';

// The tables of the framework pages, for the pages and their downloads.

type VersionRow = Awaited<ReturnType<typeof listVersions>>[number];

/** The versions anyone may see; `showStatus` adds whether each is published (for admins). */
export function versionsTable(versions: VersionRow[], showStatus: boolean): PageTable {
  return pageTable({
    key: 'framework-versions',
    caption: 'Framework versions',
    testid: 'versions',
    file: 'framework-versions',
    head: ['Version', 'Key', 'Published', 'In use by a round', ...(showStatus ? ['Status'] : [])],
    rows: versions.map((v) => [
      { text: v.title, href: `/framework/${encodeURIComponent(v.key)}` },
      v.key,
      v.publishedAt === null ? 'Not published' : formatDate(v.publishedAt),
      v.lockedAt === null ? 'Not yet used' : 'In use',
      ...(showStatus ? [v.status === 'published' ? 'Published' : 'Draft'] : []),
    ]),
  });
}

/** The statements of an area: a table per dimension and audience. */
export function statementTables(content: FrameworkVersion, area: Area) {
  return area.dimensions.map((dimension) => ({
    key: dimension.key,
    name: dimension.name,
    description: dimension.description,
    audiences: content.audiences.map((audience) =>
      pageTable({
        key: `${dimension.key}-${audience.key}`,
        caption: audience.name,
        name: `${dimension.name}: ${audience.name}`,
        captionClasses: 'govuk-table__caption--s',
        head: ['Key', 'Statement', 'Scoring'],
        rows: dimension.items
          .filter((item) => item.audiences.includes(audience.key))
          .map((item) => [item.key, item.text, item.reverse ? 'Reverse-scored' : 'Standard']),
      }),
    ),
  }));
}

/** How statements are answered: each value of the scale, in both wordings. */
export function scaleTable(scale: FrameworkVersion['scale']): PageTable {
  return pageTable({
    key: 'answer-scale',
    caption: 'Answer scale',
    captionClasses: 'govuk-table__caption--s',
    testid: 'scale',
    head: ['Value', 'Wording', 'Plain wording'],
    rows: scale.labels.map((label, i) => [String(i + 1), label, scale.plainLabels[i] ?? '']),
  });
}

/** A drill-down module's questions: a table per practice. */
export function practiceTables(
  drill: FrameworkVersion['drillDowns'][number],
  askedOf: (item: Item) => string,
) {
  return drill.practices.map((practice, p) => ({
    name: practice.name,
    description: practice.description,
    table: pageTable({
      key: `practice-${p + 1}`,
      caption: `Questions on ${practice.name.toLowerCase()}`,
      captionClasses: 'govuk-visually-hidden',
      head: ['Number', 'Key', 'Question', 'Asked of'],
      rows: practice.items.map((item, i) => [String(i + 1), item.key, item.text, askedOf(item)]),
    }),
  }));
}
