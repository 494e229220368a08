import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../../db/client.ts';
import type { FieldError } from '../../../kernel/errors.ts';
import { flashFor } from '../../../web/http.ts';
import { tablePage } from '../../../web/table-pages.ts';
import { checkAction, REVISED_WITHOUT_TARGET_MESSAGE, trustFacts } from '../checks.ts';
import { changeAction, createAction, removeAction } from '../service.ts';
import type { ActionValues } from '../types.ts';
import { RAG_TAGS } from '../rag.ts';
import { STATUS_LABELS } from '../schemas.ts';
import { displayTargetDate } from '../target-date.ts';
import { actionFormView, prefill } from './action-form-view.ts';
import {
  actionFormValues,
  onForm,
  postedRevision,
  readActionForm,
  type FormValues,
} from './forms.ts';
import {
  actionPage,
  formChoices,
  planPage,
  WRITERS,
  type ActionPage,
  type ActionParams,
  type PlanPage,
  type TrustParams,
} from './page.ts';
import { historyTable, ragClasses } from './tables.ts';

// An action's own pages: creating one, its page (every field, the suggested RAG beside the
// one a person set, and the progress history), changing it and removing it. Writers create,
// change and remove; the page shows each person only the links their role may use. A change
// carries the revision it was opened at: if the action changed meanwhile, the person is told
// and their values are kept (saving again then applies them).

export const DONE = {
  created: 'Action created',
  changed: 'Action changed',
  progress: 'Progress update added',
  rag: 'RAG status saved',
  cleared: 'The suggested RAG status is shown again',
  revised: 'Target date revised',
};

async function renderForm(
  db: Database,
  reply: FastifyReply,
  page: PlanPage | ActionPage,
  form: { values: FormValues; errors?: FieldError[]; versionKey: string | null },
) {
  const choices = await db.withTrust(page.trust.id, (tx) => formChoices(tx, form.versionKey));
  const editing = 'view' in page;
  return reply.code(form.errors ? 400 : 200).page('actions/views/action-form.njk', {
    title: editing ? 'Change the action' : 'Create an action',
    breadcrumbs: editing ? page.breadcrumbs : page.breadcrumbs,
    action: editing ? `${page.here}/edit` : `${page.base}/new`,
    back: editing ? page.here : page.base,
    editing,
    stale: form.errors?.some((e) => e.field === 'revision') ?? false,
    ...actionFormView(choices, form.values, form.errors),
  });
}

/**
 * A form that could not be read whole (a target date that is not a date) is checked for its
 * other problems too, so the person sees them all at once; a problem of a field already
 * named, or that follows from it (a revised date with no target), is not said twice.
 */
async function everyProblem(
  db: Database,
  trustId: string,
  form: { ok: false; errors: FieldError[]; partial?: ActionValues },
): Promise<{ ok: false; errors: FieldError[] }> {
  const partial = form.partial;
  if (partial === undefined) return form;
  const checked = await db.withTrust(trustId, (tx) => checkAction(trustFacts(tx), partial));
  const named = new Set(form.errors.map((e) => e.field));
  const others = checked.ok
    ? []
    : checked.errors.filter(
        (e) => !named.has(e.field) && e.message !== REVISED_WITHOUT_TARGET_MESSAGE,
      );
  const place = (e: FieldError) => {
    const at = FORM_ORDER.indexOf(e.field);
    return at < 0 ? FORM_ORDER.length : at;
  };
  return { ok: false, errors: [...form.errors, ...others].sort((a, b) => place(a) - place(b)) };
}

/** The fields in the order the form asks them, for the error summary. */
const FORM_ORDER = [
  'number',
  'title',
  'description',
  'frameworkVersion',
  'areas',
  'dimensions',
  'focusAreaId',
  'roundId',
  'leads',
  'partners',
  'target',
  'revisedTarget',
  'revisedReason',
  'successMeasure',
  'status',
];

function formPages(app: FastifyInstance, db: Database) {
  app.get<TrustParams>('/trusts/:trust/actions/new', async (request, reply) => {
    const page = planPage(request, request.params.trust, WRITERS);
    const choices = await db.withTrust(page.trust.id, (tx) => formChoices(tx, null));
    const values = prefill(request.query as Record<string, unknown>, choices);
    return renderForm(db, reply, page, { values, versionKey: null });
  });

  app.post<TrustParams>('/trusts/:trust/actions/new', async (request, reply) => {
    const page = planPage(request, request.params.trust, WRITERS);
    const form = readActionForm(request.body, page.today, {
      revisedTarget: null,
      revisedReason: '',
    });
    const outcome = form.ok
      ? await db.withTrust(page.trust.id, (tx) =>
          createAction(tx, page.trust.id, page.actor, form.data),
        )
      : await everyProblem(db, page.trust.id, form);
    const versionKey =
      typeof form.values.frameworkVersion === 'string' ? form.values.frameworkVersion : '';
    if (!outcome.ok)
      return renderForm(db, reply, page, {
        values: form.values,
        errors: onForm(outcome.errors),
        versionKey: versionKey || null,
      });
    return reply.redirect(`${page.base}/${outcome.value.id}?done=created`, 303);
  });

  app.get<ActionParams>('/trusts/:trust/actions/:action/edit', async (request, reply) => {
    const page = await actionPage(db, request, request.params, 'write');
    return renderForm(db, reply, page, {
      values: actionFormValues(page.view.action),
      versionKey: page.view.action.frameworkVersion,
    });
  });

  app.post<ActionParams>('/trusts/:trust/actions/:action/edit', async (request, reply) => {
    const page = await actionPage(db, request, request.params, 'write');
    const action = page.view.action;
    const form = readActionForm(request.body, page.today, action);
    const revision = postedRevision(form.values);
    const outcome = form.ok
      ? await db.withTrust(page.trust.id, (tx) =>
          changeAction(tx, page.trust.id, page.actor, action, form.data, revision ?? -1),
        )
      : await everyProblem(db, page.trust.id, form);
    if (!outcome.ok) {
      const stale = outcome.errors.some((e) => e.field === 'revision');
      // Told of the change, the person may save their values again over it.
      const values = stale ? { ...form.values, revision: String(action.revision) } : form.values;
      return renderForm(db, reply, page, {
        values,
        errors: onForm(outcome.errors),
        versionKey: action.frameworkVersion,
      });
    }
    return reply.redirect(`${page.here}?done=changed`, 303);
  });
}

async function actionSummary(db: Database, page: ActionPage) {
  const { action, override } = page.view;
  const choices = await db.withTrust(page.trust.id, (tx) =>
    formChoices(tx, action.frameworkVersion),
  );
  const areas = choices.version?.content.areas ?? [];
  const dimensionNames = new Map(
    areas.flatMap((a) => a.dimensions.map((d) => [d.key, d.name] as const)),
  );
  const none = 'None';
  return {
    colours: areas.filter((a) => action.areas.includes(a.key)).map((a) => a.name),
    dimensions: action.dimensions.map((d) => dimensionNames.get(d) ?? d),
    focusArea: choices.focusAreas.find((f) => f.id === action.focusAreaId)?.title ?? none,
    round: choices.rounds.find((r) => r.id === action.roundId)?.title ?? none,
    target: action.target === null ? 'Not set' : displayTargetDate(action.target),
    revised: action.revisedTarget === null ? null : displayTargetDate(action.revisedTarget),
    status: STATUS_LABELS[action.status],
    suggested:
      action.suggested.rag === null
        ? null
        : { text: RAG_TAGS[action.suggested.rag].text, classes: ragClasses(action.suggested.rag) },
    override:
      override === null
        ? null
        : {
            text: RAG_TAGS[override.rag].text,
            classes: ragClasses(override.rag),
            by: override.by ?? 'someone',
            reason: override.reason,
          },
  };
}

function viewPages(app: FastifyInstance, db: Database) {
  tablePage<ActionParams>(app, '/trusts/:trust/actions/:action', async (request, reply) => {
    const page = await actionPage(db, request, request.params);
    const { action } = page.view;
    return reply.page('actions/views/action-page.njk', {
      title: `${action.title} (action ${action.number})`,
      breadcrumbs: page.breadcrumbs.slice(0, -1),
      here: page.here,
      action,
      shown: await actionSummary(db, page),
      history: historyTable(page.view.updates),
      canWrite: page.canWrite,
      canLead: page.canLead,
      flash: flashFor(request, DONE),
    });
  });
}

function removePages(app: FastifyInstance, db: Database) {
  app.get<ActionParams>('/trusts/:trust/actions/:action/remove', async (request, reply) => {
    const page = await actionPage(db, request, request.params, 'write');
    const { action } = page.view;
    return reply.page('actions/views/action-remove.njk', {
      title: `Remove action ${action.number}`,
      breadcrumbs: page.breadcrumbs,
      action,
      updates: page.view.updates.length,
      post: `${page.here}/remove`,
      back: page.here,
    });
  });

  app.post<ActionParams>('/trusts/:trust/actions/:action/remove', async (request, reply) => {
    const page = await actionPage(db, request, request.params, 'write');
    await db.withTrust(page.trust.id, (tx) =>
      removeAction(tx, page.trust.id, page.actor, page.view.action),
    );
    return reply.redirect(`${page.base}?done=removed`, 303);
  });
}

export function actionRoutes(app: FastifyInstance, db: Database) {
  formPages(app, db);
  viewPages(app, db);
  removePages(app, db);
}
