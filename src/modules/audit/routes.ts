import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { pageTable, type PageTable } from '../../web/page-table.ts';
import { isTableDownload, tablePage } from '../../web/table-pages.ts';
import { formatDateTime } from '../../web/views.ts';
import { requireTrust } from '../../web/session.ts';
import { countAudit, listAudit } from './repository.ts';
import { withEmails, type AuditRow } from './service.ts';

export const PAGE_SIZE = 50;
const DETAILS_LENGTH = 120;

const pageSchema = z.coerce.number().int().min(1).max(1_000_000);

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Details as one short line: "person: a@b.org; role: viewer". */
export function detailsText(row: AuditRow, emails: Map<string, string>, max = DETAILS_LENGTH) {
  const parts: string[] = [];
  const email = row.entityId === null ? undefined : emails.get(row.entityId);
  const details =
    row.details !== null && typeof row.details === 'object' && !Array.isArray(row.details)
      ? (row.details as Record<string, unknown>)
      : {};
  if (email !== undefined && details.email === undefined) parts.push(`person: ${email}`);
  for (const [key, value] of Object.entries(details)) parts.push(`${key}: ${valueText(value)}`);
  const line = parts.join('; ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function whoText(row: AuditRow): string {
  return row.userName === null || row.userName === row.actor
    ? row.actor
    : `${row.userName} (${row.actor})`;
}

function whatText(row: AuditRow): string {
  return row.action.charAt(0).toUpperCase() + row.action.slice(1);
}

/** GOV.UK pagination: first, last, and the pages either side of the current one. */
export function pagination(page: number, pages: number, href: (n: number) => string) {
  if (pages <= 1) return undefined;
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  let last = 0;
  for (let n = 1; n <= pages; n++) {
    if (n !== 1 && n !== pages && Math.abs(n - page) > 1) continue;
    if (n - last > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page });
    last = n;
  }
  return {
    items,
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
  };
}

/** The log as the page shows it: a page of it, or (for a download) every entry. */
function logTable(rows: AuditRow[], emails: Map<string, string>, caption: string): PageTable {
  return pageTable({
    key: 'audit-log',
    caption,
    name: 'Audit log',
    captionClasses: 'govuk-table__caption--s',
    testid: 'audit',
    head: ['When', 'Who', 'What', 'Details'],
    rows: rows.map((row) => [
      formatDateTime(row.at),
      whoText(row),
      whatText(row),
      detailsText(row, emails),
    ]),
  });
}

const n = (value: number) => value.toLocaleString('en-GB');

export async function auditRoutes(app: FastifyInstance, options: { db: Database }) {
  const { db } = options;

  // A download holds every entry, the pages one after another.
  tablePage<{ Params: { trust: string }; Querystring: { page?: unknown } }>(
    app,
    '/trusts/:trust/audit',
    async (request, reply) => {
      const { trust } = requireTrust(request, request.params.trust, ['trust-admin']);
      const asked = pageSchema.safeParse(request.query.page);
      const whole = isTableDownload(request);
      const { total, page, rows, emails } = await db.withTrust(trust.id, async (tx) => {
        const total = await countAudit(tx, trust.id);
        const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
        // A page number that is not a number, or past the end, shows the first page.
        const page = asked.success && asked.data <= pages ? asked.data : 1;
        const listed = whole
          ? await listAudit(tx, trust.id, total, 0)
          : await listAudit(tx, trust.id, PAGE_SIZE, (page - 1) * PAGE_SIZE);
        return { total, page, ...(await withEmails(tx, listed)) };
      });
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const base = `/trusts/${trust.slug}/audit`;
      const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
      const last = Math.min(total, page * PAGE_SIZE);
      return reply.page('audit/views/log.njk', {
        title: 'Audit log',
        breadcrumbs: [
          { text: trust.name, href: `/trusts/${trust.slug}` },
          { text: 'Trust set-up', href: `/trusts/${trust.slug}/settings` },
        ],
        trust,
        total,
        log: logTable(
          rows,
          emails,
          `Changes ${n(first)} to ${n(last)} of ${n(total)}${pages > 1 ? ` (page ${page} of ${pages})` : ''}`,
        ),
        pagination: pagination(page, pages, (n) => `${base}?page=${n}`),
      });
    },
  );
}
