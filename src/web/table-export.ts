import type { FastifyReply } from 'fastify';
import { toCsv } from './csv.ts';
import { sendCsv } from './http.ts';
import { attachmentName, sendXlsx, toXlsx, type XlsxCell } from './xlsx.ts';

// Tables as a download, as CSV or as an Excel workbook. A page's own tables go through
// table-pages.ts (tablePage), which builds them once for the page and its downloads and sends
// them here; other downloads (every figure in long form, the API's CSV) call sendTable:
//
//   const format = exportFormat(request.params.format);
//   if (format === undefined) throw new NotFoundError();
//   return sendTable(reply, format, `${trust.slug}-dataset`, { name: 'Dataset', headers, rows });

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportTable {
  /** Sheet name in a workbook (cleaned to a valid sheet name); title row in a multi-table CSV. */
  name: string;
  headers: string[];
  rows: XlsxCell[][];
}

/**
 * The download format named by a URL suffix: "csv" or "xlsx", with or without the dot, or a path
 * ending in one ("/trusts/a/users.xlsx"; a query string is ignored). Anything else, including
 * other letter cases, is undefined, which a route should answer with a 404.
 */
export function exportFormat(value: string): ExportFormat | undefined {
  const path = value.split(/[?#]/, 1)[0] ?? '';
  const match = /(?:^|\.)(csv|xlsx)$/.exec(path);
  return match?.[1] === 'csv' ? 'csv' : match?.[1] === 'xlsx' ? 'xlsx' : undefined;
}

/**
 * The tables as a CSV text. One table: its header row and rows, nothing more, so the file can be
 * read back in. Several tables: every table, one after another, each starting with a row holding
 * just its name, then its header row and rows, with a blank line between tables.
 */
export function tablesToCsv(tables: ExportTable[]): string {
  const [only] = tables;
  if (tables.length === 1 && only !== undefined) return toCsv(only.headers, only.rows);
  return tables
    .map((table) => toCsv([table.name], []) + toCsv(table.headers, table.rows))
    .join('\r\n');
}

/**
 * Sends tables as a download named `filename` plus ".csv" or ".xlsx". CSV as tablesToCsv
 * describes; a workbook has one sheet per table with the header in row 1. Both defuse formulas.
 */
export async function sendTable(
  reply: FastifyReply,
  format: ExportFormat,
  filename: string,
  tables: ExportTable | ExportTable[],
) {
  const list = Array.isArray(tables) ? tables : [tables];
  if (format === 'xlsx') {
    const body = await toXlsx(
      list.map((table) => ({ name: table.name, headers: table.headers, rows: table.rows })),
    );
    return sendXlsx(reply, `${filename}.xlsx`, body);
  }
  return sendCsv(reply, attachmentName(`${filename}.csv`), tablesToCsv(list));
}
