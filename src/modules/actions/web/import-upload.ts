import type { FastifyRequest } from 'fastify';
import type { FieldError } from '../../../kernel/errors.ts';
import { formBody } from '../../../web/forms.ts';
import { readActionFile, readPastedTable } from '../import/index.ts';
import type { DraftSource } from './import-drafts.ts';

// Reading the import form: a CSV or Excel file (multipart, field `file`) or a table pasted from
// Word or Excel (field `paste`; the form also works as an ordinary urlencoded post). Exactly one
// of them: both, or neither, is a problem by the file field. What the readers say about the
// file or the paste (password-protected, old format, not a table) is the message by that field.

export const CHOOSE_MESSAGE =
  'Choose a CSV or Excel file (.xlsx) to upload, or paste a table from Word or Excel';
export const BOTH_MESSAGE =
  'Upload a file or paste a table, not both — clear the pasted text or remove the file';
export const FILE_TOO_LARGE_MESSAGE = 'The file must be smaller than 10 MB';
export const PASTE_TOO_LONG_MESSAGE =
  'The pasted table is longer than 1 MB — save it as a CSV or Excel file and upload that';

export type UploadRead =
  | { ok: true; rows: string[][]; source: DraftSource; fileName: string; pasted: string }
  | { ok: false; error: FieldError; pasted: string };

const hasCode = (error: unknown, code: string) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;

interface Form {
  file: { name: string; bytes: Buffer } | null;
  pasted: string;
  problem: FieldError | null;
}

async function readForm(request: FastifyRequest): Promise<Form> {
  if (!request.isMultipart()) {
    const paste = formBody(request.body).paste;
    return { file: null, pasted: typeof paste === 'string' ? paste : '', problem: null };
  }
  const form: Form = { file: null, pasted: '', problem: null };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && part.filename !== '')
          form.file = { name: part.filename, bytes };
      } else if (part.fieldname === 'paste') {
        form.pasted = String(part.value);
        if (part.valueTruncated) form.problem = { field: 'paste', message: PASTE_TOO_LONG_MESSAGE };
      }
    }
  } catch (error) {
    if (hasCode(error, 'FST_REQ_FILE_TOO_LARGE'))
      return { ...form, problem: { field: 'file', message: FILE_TOO_LARGE_MESSAGE } };
    if (hasCode(error, 'FST_FILES_LIMIT'))
      return { ...form, problem: { field: 'file', message: 'Choose one file at a time' } };
    throw error;
  }
  return form;
}

/** The rows of the uploaded file or the pasted table, or the problem by its field. */
export async function readUpload(request: FastifyRequest): Promise<UploadRead> {
  const { file, pasted, problem } = await readForm(request);
  const fail = (field: string, message: string): UploadRead => ({
    ok: false,
    error: { field, message },
    pasted,
  });
  if (problem !== null) return { ok: false, error: problem, pasted };
  const hasPaste = pasted.trim() !== '';
  if (file !== null && hasPaste) return fail('file', BOTH_MESSAGE);
  if (file !== null) {
    const read = await readActionFile(file.bytes);
    if (!read.ok) return fail('file', read.message);
    return { ok: true, rows: read.rows, source: read.kind, fileName: file.name, pasted: '' };
  }
  if (!hasPaste) return fail('file', CHOOSE_MESSAGE);
  const read = readPastedTable(pasted);
  if (!read.ok) return fail('paste', read.message);
  return { ok: true, rows: read.rows, source: 'paste', fileName: '', pasted };
}
