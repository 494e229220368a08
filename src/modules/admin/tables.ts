import { pageTable, numeric, type PageTable } from '../../web/page-table.ts';
import { formatDate } from '../../web/views.ts';
import type { VersionSummary } from '../framework/index.ts';
import type { listTrustsWithPeople } from './repository.ts';

// The tables of the system admin pages, for the pages and their downloads.

type TrustRow = Awaited<ReturnType<typeof listTrustsWithPeople>>[number];
type VersionRow = VersionSummary;

export function trustsTable(trusts: TrustRow[]): PageTable {
  return pageTable({
    key: 'trusts',
    caption: 'All trusts',
    testid: 'trusts',
    file: 'trusts',
    head: [
      'Name',
      'Short name',
      'Region',
      'Created',
      { text: 'People with a role', format: 'numeric' },
    ],
    rows: trusts.map((t) => [
      t.name,
      t.slug,
      t.region ?? 'Not given',
      formatDate(t.createdAt),
      numeric(t.people),
    ]),
  });
}

/** Every framework version, each draft with a button to publish it. */
export function adminVersionsTable(versions: VersionRow[]): PageTable {
  return pageTable({
    key: 'framework-versions',
    caption: 'All framework versions',
    testid: 'versions',
    file: 'framework-versions',
    head: ['Version', 'Key', 'Status', 'Published', 'In use by a round'],
    rows: versions.map((v) => [
      { text: v.title, href: `/framework/${encodeURIComponent(v.key)}` },
      v.key,
      v.status === 'published'
        ? { text: 'Published', tag: 'govuk-tag--green' }
        : { text: 'Draft', tag: 'govuk-tag--grey' },
      v.publishedAt === null ? 'Not published' : formatDate(v.publishedAt),
      v.lockedAt === null ? 'No' : 'Yes',
    ]),
    actions: versions.map((v) =>
      v.status === 'published'
        ? undefined
        : [
            {
              text: 'Publish',
              hidden: `version ${v.key}`,
              post: `/admin/framework/${encodeURIComponent(v.key)}/publish`,
            },
          ],
    ),
    actionsHeading: 'Action',
  });
}
