import { ROLE_LABELS } from '../../kernel/roles.ts';
import { pageTable, type PageTable } from '../../web/page-table.ts';
import type { UserTrust } from '../../web/session.ts';
import type { TrustPerson } from './repository.ts';

// The table of the people page, for the page and its downloads.

export function peopleTable(trust: UserTrust, people: TrustPerson[]): PageTable {
  return pageTable({
    key: 'people',
    caption: `People with a role in ${trust.name}`,
    testid: 'people',
    head: ['Name', 'Email address', 'Roles', 'Status'],
    rows: people.map((p) => [
      { text: p.name, href: `/trusts/${trust.slug}/users/${p.id}` },
      p.email,
      p.roles.map((r) => ROLE_LABELS[r]).join(', '),
      p.invited
        ? { text: 'Invited', tag: 'govuk-tag--blue' }
        : { text: 'Active', tag: 'govuk-tag--green' },
    ]),
  });
}
