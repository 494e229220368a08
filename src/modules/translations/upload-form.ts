import type { FastifyRequest } from 'fastify';
import type { FieldError } from '../../kernel/errors.ts';

// Reading the upload page's form: its fields and the workbook (multipart, up to the app's
// upload limit).

export interface UploadForm {
  fields: Record<string, string>;
  file: { filename: string; bytes: Buffer } | null;
  /** The file could not be taken (too large, more than one). */
  problem: FieldError | null;
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

export async function readUploadForm(request: FastifyRequest): Promise<UploadForm> {
  const form: UploadForm = { fields: {}, file: null, problem: null };
  if (!request.isMultipart())
    return { ...form, problem: { field: 'file', message: 'Choose the filled workbook (.xlsx)' } };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && part.filename !== '')
          form.file = { filename: part.filename, bytes };
      } else if (typeof part.value === 'string') form.fields[part.fieldname] = part.value.trim();
    }
  } catch (error) {
    if (hasCode(error, 'FST_REQ_FILE_TOO_LARGE'))
      return {
        ...form,
        problem: { field: 'file', message: 'The file must be smaller than 10 MB' },
      };
    if (hasCode(error, 'FST_FILES_LIMIT'))
      return { ...form, problem: { field: 'file', message: 'Choose one file' } };
    throw error;
  }
  return form;
}
