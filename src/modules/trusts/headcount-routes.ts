import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { NotFoundError, type FieldError } from '../../kernel/errors.ts';
import { errorView, formBody, parseWith } from '../../web/forms.ts';
import { exportFormat, sendTable } from '../../web/table-export.ts';
import { headcountTemplate, importHeadcounts, saveHeadcounts } from './headcount.ts';
import type { HeadcountFile } from './headcount-file.ts';
import { headcountFieldName, headcountFormSchema } from './schemas.ts';
import { loadSectors, nationalSectorName } from './service.ts';
import { flashFor, requireAdmin, type AdminContext, type TrustParams } from './web.ts';

// The headcount page: a box per sector, or the template (CSV or Excel) filled in and
// uploaded. Either way all or nothing.

const FLASH = { headcount: 'Headcount saved' };

type ErrorView = ReturnType<typeof errorView>;

interface PageOptions {
  errors?: ErrorView;
  values?: Record<string, unknown>;
  flash?: string;
}

const renderHeadcount = async (
  db: Database,
  reply: FastifyReply,
  ctx: AdminContext,
  options: PageOptions = {},
) => {
  const sectors = await loadSectors(db, ctx.trust.id);
  const rows = sectors.map((s) => {
    const field = headcountFieldName(s.key);
    const value = options.values ? options.values[field] : s.headcount?.toString();
    return {
      ...s,
      field,
      value: typeof value === 'string' ? value : '',
      hint: s.custom ? `Your own sector, counted as ${nationalSectorName(s.nationalKey)}` : '',
    };
  });
  const known = sectors.filter((s) => s.headcount !== null);
  return reply.code(options.errors ? 400 : 200).page('trusts/views/headcount.njk', {
    title: 'Headcount per sector',
    breadcrumbs: ctx.breadcrumbs,
    base: ctx.base,
    rows,
    total: known.reduce((sum, s) => sum + (s.headcount ?? 0), 0),
    unknown: sectors.length - known.length,
    errors: options.errors,
    flash: options.flash,
  });
};

/** The error summary of an upload: each problem with the file or a row, linked to the field. */
function uploadErrors(errors: FieldError[]): ErrorView {
  const [only] = errors;
  return {
    errorList: errors.map((e) => ({ text: e.message, href: '#file' })),
    fieldErrors: {
      file: {
        text:
          errors.length === 1 && only !== undefined
            ? only.message
            : 'Fix the problems listed above in the file, then upload it again',
      },
    },
  };
}

const hasCode = (error: unknown, code: string) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;

const CHOOSE = 'Choose the filled-in headcount template to upload';
const WRONG_KIND = 'The selected file must be a CSV file or an Excel workbook (.xlsx)';

/** The uploaded file as CSV text or workbook bytes, or what is wrong with it. */
async function readUpload(request: FastifyRequest): Promise<HeadcountFile | FieldError> {
  const problem = (message: string) => ({ field: 'file', message });
  if (!request.isMultipart()) return problem(CHOOSE);
  let file: { filename: string; bytes: Buffer } | undefined;
  try {
    for await (const part of request.parts())
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && part.filename !== '')
          file = { filename: part.filename, bytes };
      }
  } catch (error) {
    if (hasCode(error, 'FST_REQ_FILE_TOO_LARGE'))
      return problem('The file must be smaller than 10 MB');
    if (hasCode(error, 'FST_FILES_LIMIT')) return problem('Choose one file at a time');
    throw error;
  }
  if (file === undefined) return problem(CHOOSE);
  if (file.bytes.length === 0) return problem('The selected file is empty');
  // A workbook is a zip archive: PK\x03\x04.
  if (file.bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
    return { kind: 'xlsx', bytes: file.bytes };
  if (!/(\.csv|\.txt|^[^.]*)$/i.test(file.filename)) return problem(WRONG_KIND);
  try {
    return { kind: 'csv', text: new TextDecoder('utf-8', { fatal: true }).decode(file.bytes) };
  } catch {
    return problem(WRONG_KIND);
  }
}

export function headcountPages(app: FastifyInstance, db: Database) {
  app.get<TrustParams>('/trusts/:trust/settings/headcount', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const flash = flashFor(request, FLASH);
    return renderHeadcount(db, reply, ctx, flash === undefined ? {} : { flash });
  });

  app.post<TrustParams>('/trusts/:trust/settings/headcount', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const body = formBody(request.body);
    const sectors = await loadSectors(db, ctx.trust.id);
    const parsed = parseWith(headcountFormSchema(sectors), body);
    if (!parsed.ok)
      return renderHeadcount(db, reply, ctx, { errors: errorView(parsed.errors), values: body });
    const values = new Map<string, number | null>();
    for (const s of sectors) {
      const value = parsed.data[headcountFieldName(s.key)];
      if (value !== undefined) values.set(s.key, value);
    }
    await saveHeadcounts(db, ctx.trust.id, ctx.actor, values);
    return reply.redirect(`${ctx.base}/headcount?done=headcount`, 303);
  });

  app.post<TrustParams>('/trusts/:trust/settings/headcount/upload', async (request, reply) => {
    const ctx = requireAdmin(request, request.params.trust);
    const file = await readUpload(request);
    const outcome =
      'kind' in file
        ? await importHeadcounts(db, ctx.trust.id, ctx.actor, file)
        : { ok: false as const, errors: [file] };
    if (!outcome.ok)
      return renderHeadcount(db, reply, ctx, { errors: uploadErrors(outcome.errors) });
    return reply.redirect(`${ctx.base}/headcount?done=headcount`, 303);
  });

  // The template: every sector with its key, name and headcount, to fill in and upload.
  app.get<{ Params: { trust: string; format: string } }>(
    '/trusts/:trust/settings/headcount.:format',
    async (request, reply) => {
      const ctx = requireAdmin(request, request.params.trust);
      const format = exportFormat(request.params.format);
      if (format === undefined) throw new NotFoundError();
      const table = await headcountTemplate(db, ctx.trust.id);
      return sendTable(reply, format, `${ctx.trust.slug}-headcount`, table);
    },
  );
}
