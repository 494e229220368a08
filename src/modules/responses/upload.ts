import type { FastifyRequest } from 'fastify';
import type { FieldError } from '../../kernel/errors.ts';
import { formBody } from '../../web/forms.ts';
import type { FrameworkVersion } from '../framework/index.ts';
import { audienceItemKeys } from '../questionnaires/index.ts';
import { decodeUpload, IMPORT_COLUMNS } from './import.ts';
import type { ImportSource } from './parse-worker.ts';
import { looksLikeZip } from './records.ts';

// Reading the import page's form: a CSV or Excel file (multipart) or answers pasted into a
// box.

export interface Upload {
  /** The CSV text or workbook, when the form gave one that can be checked row by row. */
  source: ImportSource | null;
  /** Which field it came from: `file` or `csv` (the paste box). */
  field: 'file' | 'csv';
  /** The pasted text, to show again if something is wrong (never a file's contents). */
  pasted: string;
  problem: FieldError | null;
}

const NOT_CSV = /\.(xlsm|xls|ods|numbers|pdf|docx?|odt|zip|png|jpe?g|gif)$/i;
const XLSX = /\.xlsx$/i;
const WRONG_KIND =
  'The selected file must be a CSV or an Excel workbook (.xlsx). In a spreadsheet, use Save as and choose CSV';

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** Reads the form; file size, empty and not-CSV problems come back as field errors. */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) {
    // The paste box also works as an ordinary form post.
    const csv = formBody(request.body).csv;
    return finish(null, typeof csv === 'string' ? csv : '', false);
  }
  let file: { filename: string; bytes: Buffer } | null = null;
  let pasted = '';
  let pastedTooLong = false;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && part.filename !== '')
          file = { filename: part.filename, bytes };
      } else if (part.fieldname === 'csv') {
        pasted = String(part.value).trim();
        pastedTooLong = part.valueTruncated;
      }
    }
  } catch (error) {
    if (hasCode(error, 'FST_REQ_FILE_TOO_LARGE'))
      return problem('file', 'The file must be smaller than 10 MB');
    if (hasCode(error, 'FST_FILES_LIMIT')) return problem('file', 'Choose one file at a time');
    throw error;
  }
  if (pastedTooLong)
    return problem(
      'csv',
      'The pasted answers must be 1 MB or less. Save them as a CSV file and upload it instead',
    );
  return finish(file, pasted, true);
}

function problem(field: 'file' | 'csv', message: string, pasted = ''): Upload {
  return { source: null, field, pasted, problem: { field, message } };
}

function finish(
  file: { filename: string; bytes: Buffer } | null,
  pasted: string,
  multipart: boolean,
): Upload {
  const trimmed = pasted.trim();
  if (file !== null && trimmed !== '')
    return problem('file', 'Choose a file or paste the answers, not both', pasted);
  if (file === null) {
    if (trimmed === '')
      return problem(
        multipart ? 'file' : 'csv',
        'Choose a CSV file, or paste the answers into the box',
      );
    return { source: { kind: 'csv', text: trimmed }, field: 'csv', pasted, problem: null };
  }
  if (file.bytes.length === 0) return problem('file', 'The selected file is empty');
  if (XLSX.test(file.filename) || looksLikeZip(file.bytes)) {
    if (!looksLikeZip(file.bytes)) return problem('file', WRONG_KIND);
    return {
      source: { kind: 'xlsx', bytes: file.bytes },
      field: 'file',
      pasted: '',
      problem: null,
    };
  }
  const text = NOT_CSV.test(file.filename) ? null : decodeUpload(file.bytes);
  if (text === null) return problem('file', WRONG_KIND);
  if (text.trim() === '') return problem('file', 'The selected file is empty');
  return { source: { kind: 'csv', text }, field: 'file', pasted: '', problem: null };
}

/**
 * Example rows for the page and the example file, using this trust's sector keys, and its
 * localities (a locality column) when it has some.
 */
export function exampleRows(
  version: FrameworkVersion,
  sectorKeys: string[],
  localities: string[] = [],
): string[][] {
  const first = (audience: Parameters<typeof audienceItemKeys>[1], n = 0) =>
    [...audienceItemKeys(version, audience)][n] ?? '';
  const [s1 = 'schools', s2 = s1] = sectorKeys;
  const rows = [
    [...IMPORT_COLUMNS],
    ['P001', s1, 'frontline', first('frontline'), '4'],
    ['P001', s1, 'frontline', first('frontline', 1), 'DK'],
    ['P002', s2, 'leaders-managers', first('leaders-managers'), '3'],
    ['C001', '', 'children-young-people', first('children-young-people'), '5'],
    ['F001', '', 'parents-carers', first('parents-carers'), 'NA'],
  ];
  const [l1, l2 = l1] = localities;
  if (l1 === undefined) return rows;
  const column = ['locality', l1, l1, l2 ?? l1, '', l2 ?? l1];
  return rows.map((row, i) => [...row, column[i] ?? '']);
}

/** Every item an import may use: key, audiences, and the statement people answered. */
export function itemRows(version: FrameworkVersion): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const area of version.areas)
    for (const dimension of area.dimensions)
      for (const item of dimension.items)
        rows.push([
          item.key,
          item.audiences.join(' '),
          area.name,
          dimension.name,
          item.reverse ? 'yes' : 'no',
          item.text,
        ]);
  for (const drill of version.drillDowns)
    for (const practice of drill.practices)
      for (const item of practice.items)
        rows.push([
          item.key,
          item.audiences.join(' '),
          drill.name,
          practice.name,
          item.reverse ? 'yes' : 'no',
          item.text,
        ]);
  return rows;
}
