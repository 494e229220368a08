import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../db/client.ts';
import type { Actor } from '../../../kernel/audit.ts';
import { NotFoundError, type FieldError } from '../../../kernel/errors.ts';
import { recordId } from '../../../web/http.ts';
import { requireTrust, type UserTrust } from '../../../web/session.ts';
import { tablePage } from '../../../web/table-pages.ts';
import type { IsoDate } from '../calendar.ts';
import { importActions, type RowError } from '../import.ts';
import { previewImport, type ImportPreview } from '../import/index.ts';
import { knownLeads } from '../repository-focus.ts';
import { WRITERS } from '../roles.ts';
import { deleteDraft, findDraft, saveDraft, type Draft } from './import-drafts.ts';
import { readUpload } from './import-upload.ts';
import {
  confirmText,
  formErrors,
  previewErrors,
  previewSummary,
  previewTable,
} from './import-view.ts';

// The import pages of the action plan, for the trust's writers (trust admin, contributor;
// anyone else is refused with 403):
// - T/actions/import: a CSV or Excel file, or a table pasted from Word or Excel. Read and
//   previewed against the trust's people; a file that cannot be read, or a table without
//   rows to preview, is the form again with the message by its field (400). Otherwise the
//   preview is kept as a draft and the page goes to it (303).
// - T/actions/import/:draft: the preview row by row. While any row has a problem nothing can
//   be stored: the page says so, links to upload the file again, and offers no confirmation.
// - …/confirm stores every action or none (importActions) and deletes the draft; if the
//   store refuses (a number taken since the upload), the preview again with those errors
//   (400). A forged confirmation of a draft with problems stores nothing (400).
// - …/discard deletes the draft and goes back to the plan.
// A draft of another trust or person, an expired one, or a malformed id is a 404 page.

const UPLOAD = 'actions/views/import-upload.njk';
const PREVIEW = 'actions/views/import-preview.njk';

const NOT_READY_MESSAGE =
  'Nothing has been imported: fix the rows that need fixing in the file, then upload it again';

type TrustParams = { Params: { trust: string } };
type DraftParams = { Params: { trust: string; draft: string } };

interface Ctx {
  trust: UserTrust;
  userId: string;
  actor: Actor;
  plan: string;
  importUrl: string;
}

function context(request: FastifyRequest, slug: string): Ctx {
  const { auth, trust } = requireTrust(request, slug, WRITERS);
  const plan = `/trusts/${trust.slug}/actions`;
  return {
    trust,
    userId: auth.user.id,
    actor: { userId: auth.user.id, label: auth.user.email },
    plan,
    importUrl: `${plan}/import`,
  };
}

const today = (): IsoDate => new Date().toISOString().slice(0, 10);

const breadcrumbs = (ctx: Ctx) => [
  { text: ctx.trust.name, href: `/trusts/${ctx.trust.slug}` },
  { text: 'Action plan', href: ctx.plan },
];

/** "12 actions imported", for the plan page after ?done=imported&count=12. */
export function importedFlash(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, unknown>;
  if (query.done !== 'imported' || typeof query.count !== 'string') return undefined;
  if (!/^[0-9]{1,5}$/.test(query.count)) return undefined;
  const n = Number(query.count);
  return `${String(n)} action${n === 1 ? '' : 's'} imported`;
}

function renderUpload(
  reply: FastifyReply,
  ctx: Ctx,
  options: { error?: FieldError; pasted?: string } = {},
) {
  return reply.code(options.error ? 400 : 200).page(UPLOAD, {
    title: 'Import an action plan',
    breadcrumbs: breadcrumbs(ctx),
    importUrl: ctx.importUrl,
    plan: ctx.plan,
    errors: options.error ? formErrors([options.error]) : undefined,
    values: { paste: options.pasted ?? '' },
  });
}

function renderPreview(reply: FastifyReply, ctx: Ctx, draft: Draft, errors: RowError[] = []) {
  const { preview } = draft;
  const draftUrl = `${ctx.importUrl}/${draft.id}`;
  const storable = preview.ready && errors.length === 0;
  return reply.code(errors.length > 0 ? 400 : 200).page(PREVIEW, {
    title: 'Check the import',
    breadcrumbs: [...breadcrumbs(ctx), { text: 'Import an action plan', href: ctx.importUrl }],
    draft,
    from: draft.source === 'paste' ? 'the pasted table' : draft.fileName || 'the file',
    summary: previewSummary(preview),
    table: previewTable(preview, errors),
    errors: previewErrors(preview, errors),
    mappingMessages: preview.mapping.messages,
    above: preview.above,
    storable,
    confirmText: confirmText(preview),
    confirmUrl: `${draftUrl}/confirm`,
    discardUrl: `${draftUrl}/discard`,
    importUrl: ctx.importUrl,
  });
}

async function loadDraft(db: Database, ctx: Ctx, id: string): Promise<Draft> {
  const draftId = recordId(id);
  const draft = await db.withTrust(ctx.trust.id, (tx) => findDraft(tx, draftId, ctx.userId));
  if (draft === undefined) throw new NotFoundError();
  return draft;
}

export async function actionImportRoutes(app: FastifyInstance, options: { db: Database }) {
  const { db } = options;
  const base = '/trusts/:trust/actions/import';

  app.get<TrustParams>(base, async (request, reply) =>
    renderUpload(reply, context(request, request.params.trust)),
  );

  app.post<TrustParams>(base, async (request, reply) => {
    const ctx = context(request, request.params.trust);
    const read = await readUpload(request);
    if (!read.ok) return renderUpload(reply, ctx, { error: read.error, pasted: read.pasted });
    const field = read.source === 'paste' ? 'paste' : 'file';
    const made = await db.withTrust(ctx.trust.id, async (tx) => {
      const preview: ImportPreview = previewImport(read.rows, {
        known: await knownLeads(tx),
        today: today(),
      });
      if (preview.rows.length === 0) return { preview };
      const id = await saveDraft(tx, {
        trustId: ctx.trust.id,
        userId: ctx.userId,
        fileName: read.fileName,
        source: read.source,
        preview,
      });
      return { preview, id };
    });
    if (made.id === undefined) {
      const message = made.preview.problems[0]?.message ?? 'The table has no actions in it';
      return renderUpload(reply, ctx, { error: { field, message }, pasted: read.pasted });
    }
    return reply.redirect(`${ctx.importUrl}/${made.id}`, 303);
  });

  tablePage<DraftParams>(app, `${base}/:draft`, async (request, reply) => {
    const ctx = context(request, request.params.trust);
    return renderPreview(reply, ctx, await loadDraft(db, ctx, request.params.draft));
  });

  app.post<DraftParams>(`${base}/:draft/confirm`, async (request, reply) => {
    const ctx = context(request, request.params.trust);
    const draft = await loadDraft(db, ctx, request.params.draft);
    const outcome = await db.withTrust(ctx.trust.id, async (tx) => {
      if (!draft.preview.ready)
        return {
          ok: false as const,
          errors: [{ field: 'file', message: NOT_READY_MESSAGE, line: 0 }],
        };
      const stored = await importActions(tx, ctx.trust.id, ctx.actor, draft.preview.items, today());
      if (stored.ok) await deleteDraft(tx, draft.id, ctx.userId);
      return stored;
    });
    if (!outcome.ok) return renderPreview(reply, ctx, draft, outcome.errors);
    return reply.redirect(`${ctx.plan}?done=imported&count=${String(outcome.value.actions)}`, 303);
  });

  app.post<DraftParams>(`${base}/:draft/discard`, async (request, reply) => {
    const ctx = context(request, request.params.trust);
    const draftId = recordId(request.params.draft);
    const deleted = await db.withTrust(ctx.trust.id, (tx) => deleteDraft(tx, draftId, ctx.userId));
    if (!deleted) throw new NotFoundError();
    return reply.redirect(ctx.plan, 303);
  });
}
