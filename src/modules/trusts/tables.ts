import { numeric, pageTable, type PageTable, type RowAction } from '../../web/page-table.ts';
import type { LocalityRow, OrganisationRow, SectorRow } from './repository.ts';

// The tables of trust set-up (localities, partner organisations, the trust's own sectors), for
// the pages and their downloads. Each row has a button to remove it.

const remove = (base: string, what: string, row: { id: string; name: string }): RowAction[] => [
  {
    text: 'Remove',
    hidden: row.name,
    post: `${base}/${what}/${row.id}/remove`,
    id: `remove-${row.id}`,
  },
];

export function localitiesTable(base: string, localities: LocalityRow[]): PageTable {
  return pageTable({
    key: 'localities',
    caption: 'Your localities',
    testid: 'localities',
    head: ['Locality'],
    rows: localities.map((l) => [l.name]),
    actions: localities.map((l) => remove(base, 'localities', l)),
    actionsHeading: 'Action',
  });
}

export function organisationsTable(base: string, organisations: OrganisationRow[]): PageTable {
  return pageTable({
    key: 'organisations',
    caption: 'Your partner organisations',
    testid: 'organisations',
    head: ['Organisation', 'Sector'],
    rows: organisations.map((o) => [o.name, o.sectorName]),
    actions: organisations.map((o) => remove(base, 'organisations', o)),
    actionsHeading: 'Action',
  });
}

/** The trust's own sectors, with the national sector each counts as. */
export function customSectorsTable(
  base: string,
  custom: (SectorRow & { nationalName: string })[],
): PageTable {
  return pageTable({
    key: 'own-sectors',
    caption: 'Sectors you have added',
    captionClasses: 'govuk-table__caption--s',
    testid: 'custom-sectors',
    head: ['Name', 'Counts as', { text: 'Organisations', format: 'numeric' }],
    rows: custom.map((s) => [s.name, s.nationalName, numeric(s.organisations)]),
    actions: custom.map((s) => remove(base, 'sectors', s)),
    actionsHeading: 'Action',
  });
}
