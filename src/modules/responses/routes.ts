import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { toCsv } from '../../web/csv.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { errorView } from '../../web/forms.ts';
import { recordId, sendCsv } from '../../web/http.ts';
import { requireTrust } from '../../web/session.ts';
import { tablePage } from '../../web/table-pages.ts';
import type { RowError } from './import.ts';
import { findImportByTask, listSectors } from './repository.ts';
import { importLog } from './import-logs.ts';
import { listLocalities } from '../trusts/index.ts';
import { isRecentTaskId, type ImportTask, type ResponseImports } from './imports.ts';
import { loadRoundVersion, type ImportOutcome } from './service.ts';
import { exampleTable, problemsTable } from './tables.ts';
import { exampleRows, itemRows, readUpload, type Upload } from './upload.ts';

// The import page: a trust admin adds answers collected on paper or in another tool.

type RoundParams = { Params: { trust: string; round: string } };
type LogParams = { Params: { trust: string; round: string; log: string } };
type TaskParams = { Params: { trust: string; round: string; task: string } };

/** How many row problems the error summary lists before pointing at the table. */
const SUMMARY_ROWS = 10;

export interface ResponsePagesOptions {
  db: Database;
  imports: ResponseImports;
}

export async function responseRoutes(app: FastifyInstance, options: ResponsePagesOptions) {
  formPages(app, options);
  progressPage(app, options);
  resultPage(app, options.db);
  downloads(app, options.db);
  return Promise.resolve();
}

const context = async (db: Database, request: FastifyRequest, slug: string, roundParam: string) => {
  const { auth, trust } = requireTrust(request, slug, ['trust-admin']);
  const roundId = recordId(roundParam);
  const { round, version } = await loadRoundVersion(db, trust.id, roundId);
  const roundUrl = `/trusts/${trust.slug}/rounds/${round.id}`;
  return {
    auth,
    trust,
    round,
    version,
    roundUrl,
    importUrl: `${roundUrl}/import`,
    breadcrumbs: [
      { text: trust.name, href: `/trusts/${trust.slug}` },
      { text: 'Assessment rounds', href: `/trusts/${trust.slug}/rounds` },
      { text: round.title, href: roundUrl },
    ],
  };
};
type Context = Awaited<ReturnType<typeof context>>;

interface Failure {
  upload: Upload;
  message?: string;
  rowErrors?: RowError[];
  truncated?: boolean;
}

/** The error summary of a failed import: the problem with the upload, or its first rows. */
function failureErrors(failure: Failure | undefined) {
  if (failure?.upload.problem) return errorView([failure.upload.problem]);
  if (failure === undefined) return undefined;
  const rowErrors = failure.rowErrors ?? [];
  const listed = rowErrors.slice(0, SUMMARY_ROWS).map((e, i) => ({
    text: `Line ${e.row}: ${e.message}`,
    href: `#row-error-${i + 1}`,
  }));
  if (rowErrors.length > SUMMARY_ROWS)
    listed.push({
      text: `${rowErrors.length - SUMMARY_ROWS} more problems are listed in the table`,
      href: '#row-errors',
    });
  return {
    errorList: listed,
    fieldErrors: {
      [failure.upload.field]: { text: failure.message ?? 'Fix the problems in the file' },
    },
  };
}

/** The trust's sectors, and its localities by name, for the page and the example file. */
const sectorsAndLocalities = (db: Database, trustId: string) =>
  db.withTrust(trustId, async (tx) => ({
    sectors: await listSectors(tx),
    localities: (await listLocalities(tx)).map((l) => l.name),
  }));

const renderForm = async (db: Database, reply: FastifyReply, ctx: Context, failure?: Failure) => {
  const { sectors, localities } = await sectorsAndLocalities(db, ctx.trust.id);
  const [head = [], ...examples] = exampleRows(
    ctx.version,
    sectors.map((s) => s.key),
    localities,
  );
  const rowErrors = failure?.rowErrors ?? [];
  const errors = failureErrors(failure);
  return reply.code(failure ? 400 : 200).page('responses/views/import.njk', {
    title: 'Import answers',
    breadcrumbs: ctx.breadcrumbs,
    round: ctx.round,
    importUrl: ctx.importUrl,
    sectors,
    localities,
    example: exampleTable(head, examples),
    tablesAt: `${ctx.importUrl}/example`,
    values: { csv: failure?.upload.pasted ?? '' },
    errors,
    failureMessage: failure?.message,
    truncated: failure?.truncated === true,
    problems: problemsTable(rowErrors.map((e, i) => ({ ...e, id: `row-error-${i + 1}` }))),
  });
};

/** The result page of a finished import, or the form with its problems. */
const answerOutcome = (
  db: Database,
  reply: FastifyReply,
  ctx: Context,
  upload: Pick<Upload, 'field' | 'pasted'>,
  outcome: ImportOutcome,
) => {
  if (outcome.ok) return reply.redirect(`${ctx.importUrl}/${outcome.logId}`, 303);
  const failed = { ...upload, source: null, problem: null };
  // A problem with the whole file (empty, wrong header) belongs next to the field.
  const [only] = outcome.errors;
  if (outcome.errors.length === 1 && only !== undefined && ['file', 'header'].includes(only.field))
    return renderForm(db, reply, ctx, {
      upload: { ...failed, problem: { field: upload.field, message: only.message } },
    });
  return renderForm(db, reply, ctx, {
    upload: failed,
    message: outcome.message,
    rowErrors: outcome.errors,
    truncated: outcome.truncated,
  });
};

function formPages(app: FastifyInstance, options: ResponsePagesOptions) {
  const { db, imports } = options;
  // The example table downloads as the example file, import/example.csv (or .xlsx).
  tablePage<RoundParams>(
    app,
    '/trusts/:trust/rounds/:round/import',
    async (request, reply) => {
      const ctx = await context(db, request, request.params.trust, request.params.round);
      return renderForm(db, reply, ctx);
    },
    { at: '/trusts/:trust/rounds/:round/import/example' },
  );

  // A file is checked and saved by a task of its own. Most finish within a moment and are
  // answered as such; a longer one sends the person to a page that shows its progress.
  app.post<RoundParams>('/trusts/:trust/rounds/:round/import', async (request, reply) => {
    const ctx = await context(db, request, request.params.trust, request.params.round);
    const upload = await readUpload(request);
    if (upload.problem !== null || upload.source === null)
      return renderForm(db, reply, ctx, { upload });
    const started = imports.start(
      {
        trustId: ctx.trust.id,
        actor: { userId: ctx.auth.user.id, label: ctx.auth.user.email },
        roundId: ctx.round.id,
        source: upload.source,
        via: 'web',
      },
      { field: upload.field, pasted: upload.pasted },
    );
    upload.source = null;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      started.finished,
      new Promise((resolve) => (timer = setTimeout(resolve, imports.answerWithinMs))),
    ]);
    clearTimeout(timer);
    const task = imports.task(started.id, ctx.trust.id, ctx.round.id);
    if (task?.phase !== 'done') return reply.redirect(progressUrl(ctx, started.id), 303);
    return finished(db, reply, ctx, task);
  });
}

// With several server processes, the task may be another's. A finished import is in the
// audit log; one still running is shown as such, and the connection closed so that the
// next refresh may reach the process that holds it (connections go round the processes).
const elsewhere = async (db: Database, reply: FastifyReply, ctx: Context, id: string) => {
  if (!isRecentTaskId(id)) throw new NotFoundError();
  const logId = await db.withTrust(ctx.trust.id, (tx) => findImportByTask(tx, ctx.round.id, id));
  if (logId !== undefined) return reply.redirect(`${ctx.importUrl}/${logId}`, 303);
  return reply.header('connection', 'close').page('responses/views/importing.njk', {
    title: 'Importing answers',
    breadcrumbs: ctx.breadcrumbs,
    round: ctx.round,
    progressUrl: progressUrl(ctx, id),
    phase: 'elsewhere',
    checked: 0,
    total: 0,
  });
};

const progressUrl = (ctx: Context, id: string) => `${ctx.importUrl}/progress/${id}`;

const finished = (db: Database, reply: FastifyReply, ctx: Context, task: ImportTask) => {
  if (task.outcome === undefined) throw task.error;
  return answerOutcome(db, reply, ctx, task.form, task.outcome);
};

function progressPage(app: FastifyInstance, options: ResponsePagesOptions) {
  const { db, imports } = options;
  app.get<TaskParams>(
    '/trusts/:trust/rounds/:round/import/progress/:task',
    async (request, reply) => {
      const ctx = await context(db, request, request.params.trust, request.params.round);
      const id = request.params.task;
      const task = imports.task(id, ctx.trust.id, ctx.round.id);
      if (task === undefined) return elsewhere(db, reply, ctx, id);
      if (task.userId !== ctx.auth.user.id) throw new NotFoundError();
      if (task.phase === 'done') return finished(db, reply, ctx, task);
      return reply.page('responses/views/importing.njk', {
        title: 'Importing answers',
        breadcrumbs: ctx.breadcrumbs,
        round: ctx.round,
        progressUrl: progressUrl(ctx, task.id),
        phase: task.phase,
        checked: task.checked,
        total: task.total,
      });
    },
  );
}

function resultPage(app: FastifyInstance, db: Database) {
  app.get<LogParams>('/trusts/:trust/rounds/:round/import/:log', async (request, reply) => {
    const ctx = await context(db, request, request.params.trust, request.params.round);
    const logId = /^\d{1,15}$/.test(request.params.log) ? Number(request.params.log) : NaN;
    if (!Number.isSafeInteger(logId)) throw new NotFoundError();
    const log = await importLog(db, ctx.trust.id, ctx.round.id, logId);
    if (log === undefined) throw new NotFoundError();
    return reply.page('responses/views/imported.njk', {
      title: 'Answers imported',
      breadcrumbs: ctx.breadcrumbs,
      round: ctx.round,
      importUrl: ctx.importUrl,
      roundUrl: ctx.roundUrl,
      counts: { responses: log.responses, answers: log.answers, skipped: log.skipped },
    });
  });
}

function downloads(app: FastifyInstance, db: Database) {
  app.get<RoundParams>('/trusts/:trust/rounds/:round/import/items.csv', async (request, reply) => {
    const ctx = await context(db, request, request.params.trust, request.params.round);
    return sendCsv(
      reply,
      `items-${ctx.version.key}.csv`,
      toCsv(
        ['item', 'audiences', 'area', 'dimension', 'reverse', 'statement'],
        itemRows(ctx.version),
      ),
    );
  });
}
