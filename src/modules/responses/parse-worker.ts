import {
  checkRecords,
  parseImport,
  type ImportRules,
  type ParsedImport,
  type Progress,
} from './import.ts';
import { readXlsxRecords } from './records.ts';

// Checking an answers file, run in a worker thread (see checker.ts) so that a large file
// never holds up the requests of everyone else. Also called directly for small files.

export type ImportSource = { kind: 'csv'; text: string } | { kind: 'xlsx'; bytes: Uint8Array };

export interface CheckTask {
  source: ImportSource;
  rules: ImportRules;
  /** [rows checked, rows in the file], shared with the thread that shows progress. */
  progress?: Progress | undefined;
}

export async function checkImport(task: CheckTask): Promise<ParsedImport> {
  const { source, rules, progress } = task;
  if (source.kind === 'csv') return parseImport(source.text, rules, progress);
  const records = await readXlsxRecords(
    Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength),
  );
  if (!Array.isArray(records))
    return {
      ok: false,
      errors: [{ row: records.row, field: 'file', message: records.message }],
      truncated: false,
    };
  return checkRecords(records, rules, { progress });
}

export default checkImport;
