import { ROLE_LABELS, type TrustRole } from '../../kernel/roles.ts';
import { pageTable, type PageTable } from '../../web/page-table.ts';
import type { UserTrust } from '../../web/session.ts';
import { formatDate, formatDateTime } from '../../web/views.ts';
import type { listApiTokens } from './tokens.ts';

type Token = Awaited<ReturnType<typeof listApiTokens>>[number];

/** The tokens of the API tokens page, newest first, each active one with a button to revoke it. */
export function tokensTable(trust: UserTrust, tokens: Token[]): PageTable {
  const newest = [...tokens].reverse();
  return pageTable({
    key: 'api-tokens',
    caption: `Tokens of ${trust.name}`,
    testid: 'tokens',
    head: ['Name', 'Role', 'Created', 'Last used', 'Status'],
    rows: newest.map((t) => [
      t.name,
      ROLE_LABELS[t.role as TrustRole],
      formatDate(t.createdAt),
      t.lastUsedAt === null ? 'Never' : formatDateTime(t.lastUsedAt),
      t.revokedAt === null
        ? { text: 'Active', tag: 'govuk-tag--green' }
        : { text: 'Revoked', tag: 'govuk-tag--grey', more: [{ text: formatDate(t.revokedAt) }] },
    ]),
    actions: newest.map((t) =>
      t.revokedAt === null
        ? [
            {
              text: 'Revoke',
              hidden: t.name,
              post: `/trusts/${trust.slug}/api-tokens/${t.id}/revoke`,
              style: 'link' as const,
              testid: `revoke-${t.id}`,
            },
          ]
        : undefined,
    ),
  });
}
