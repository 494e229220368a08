import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../../db/client.ts';
import type { FieldError } from '../../../kernel/errors.ts';
import { errorView } from '../../../web/forms.ts';
import { dateItems, type DatePart } from '../../../web/dates.ts';
import { changeAction } from '../service.ts';
import { ACTION_STATUSES, RAGS, STATUS_LABELS } from '../schemas.ts';
import { RAG_TAGS } from '../rag.ts';
import { displayTargetDate } from '../target-date.ts';
import { addUpdate, setRagOverride } from '../updates.ts';
import {
  dayValues,
  onForm,
  readRagForm,
  readReviseForm,
  readUpdateForm,
  storedValues,
  SUGGESTED,
  targetText,
  type FormValues,
} from './forms.ts';
import { actionPage, type ActionPage, type ActionParams } from './page.ts';

// The pages that move an action on: a progress update (a date not in the future, defaulting
// to today; what was done; the status it moves to), setting or clearing the RAG a person sets
// over the suggestion (a reason is needed to set one), and revising its target date (with a
// reason; the original date stays). Writers do all three; an action lead adds progress and
// sets the RAG of the actions they lead; anyone else gets 403 for the page and the post.

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function renderProgress(
  reply: FastifyReply,
  page: ActionPage,
  values: FormValues,
  form: { errors?: FieldError[]; highlight?: string[] } = {},
) {
  const parts = {
    day: text(values['updatedOn-day']),
    month: text(values['updatedOn-month']),
    year: text(values['updatedOn-year']),
  };
  const errors = form.errors
    ? errorView(
        form.errors.map((e) => (e.field === 'updatedOn' ? { ...e, field: 'updatedOn-day' } : e)),
      )
    : undefined;
  const dateError = form.errors?.find((e) => e.field.startsWith('updatedOn'));
  return reply.code(form.errors ? 400 : 200).page('actions/views/action-progress.njk', {
    title: 'Add a progress update',
    breadcrumbs: page.breadcrumbs,
    action: page.view.action,
    post: `${page.here}/progress`,
    back: page.here,
    dateItems: dateItems(
      parts,
      dateError
        ? ((form.highlight?.length ? form.highlight : ['day', 'month', 'year']) as DatePart[])
        : [],
    ),
    dateError: dateError ? { text: dateError.message } : undefined,
    statuses: ACTION_STATUSES.map((s) => ({
      value: s,
      text: STATUS_LABELS[s],
      checked: text(values.status) === s,
    })),
    values,
    errors,
  });
}

function renderRag(
  reply: FastifyReply,
  page: ActionPage,
  values: FormValues,
  errors?: FieldError[],
) {
  const { action } = page.view;
  const suggested = action.suggested.rag;
  return reply.code(errors ? 400 : 200).page('actions/views/action-rag.njk', {
    title: 'Set the RAG status',
    breadcrumbs: page.breadcrumbs,
    action,
    post: `${page.here}/rag`,
    back: page.here,
    suggested: suggested === null ? null : RAG_TAGS[suggested].text,
    reason: action.suggested.reason,
    rags: [
      ...RAGS.map((r) => ({ value: r, text: RAG_TAGS[r].text, checked: text(values.rag) === r })),
      { divider: 'or' },
      {
        value: SUGGESTED,
        text: 'Use the suggested RAG',
        hint: {
          text: suggested === null ? 'No RAG status' : `Suggested: ${RAG_TAGS[suggested].text}`,
        },
        checked: text(values.rag) === SUGGESTED,
      },
    ],
    values,
    errors: errors ? errorView(errors) : undefined,
  });
}

function renderRevise(
  reply: FastifyReply,
  page: ActionPage,
  values: FormValues,
  errors?: FieldError[],
) {
  const { action } = page.view;
  return reply.code(errors ? 400 : 200).page('actions/views/action-revise.njk', {
    title: 'Revise the target date',
    breadcrumbs: page.breadcrumbs,
    action,
    original: action.target === null ? null : displayTargetDate(action.target),
    post: `${page.here}/revise`,
    back: page.here,
    values,
    errors: errors ? errorView(errors) : undefined,
  });
}

export function progressRoutes(app: FastifyInstance, db: Database) {
  progressPages(app, db);
  ragPages(app, db);
  revisePages(app, db);
}

function progressPages(app: FastifyInstance, db: Database) {
  app.get<ActionParams>('/trusts/:trust/actions/:action/progress', async (request, reply) => {
    const page = await actionPage(db, request, request.params, 'lead');
    return renderProgress(reply, page, {
      ...dayValues('updatedOn', page.today),
      status: page.view.action.status,
    });
  });

  app.post<ActionParams>('/trusts/:trust/actions/:action/progress', async (request, reply) => {
    const page = await actionPage(db, request, request.params, 'lead');
    const form = readUpdateForm(request.body);
    const outcome = form.ok
      ? await db.withTrust(page.trust.id, (tx) =>
          addUpdate(tx, page.trust.id, page.actor, page.view.action, form.data, page.today),
        )
      : form;
    if (!outcome.ok)
      return renderProgress(reply, page, form.values, {
        errors: outcome.errors,
        highlight: form.highlight,
      });
    return reply.redirect(`${page.here}?done=progress`, 303);
  });
}

function ragPages(app: FastifyInstance, db: Database) {
  app.get<ActionParams>('/trusts/:trust/actions/:action/rag', async (request, reply) => {
    const page = await actionPage(db, request, request.params, 'lead');
    const override = page.view.override;
    return renderRag(reply, page, { rag: override?.rag ?? '', reason: override?.reason ?? '' });
  });

  app.post<ActionParams>('/trusts/:trust/actions/:action/rag', async (request, reply) => {
    const page = await actionPage(db, request, request.params, 'lead');
    const form = readRagForm(request.body);
    const outcome = form.ok
      ? await db.withTrust(page.trust.id, (tx) =>
          setRagOverride(tx, page.trust.id, page.actor, page.view.action, form.data),
        )
      : form;
    if (!outcome.ok) return renderRag(reply, page, form.values, outcome.errors);
    const cleared = form.ok && form.data.rag === null;
    return reply.redirect(`${page.here}?done=${cleared ? 'cleared' : 'rag'}`, 303);
  });
}

function revisePages(app: FastifyInstance, db: Database) {
  app.get<ActionParams>('/trusts/:trust/actions/:action/revise', async (request, reply) => {
    const page = await actionPage(db, request, request.params, 'write');
    const { action } = page.view;
    return renderRevise(reply, page, {
      revisedTarget: targetText(action.revisedTarget),
      revisedReason: action.revisedReason,
      revision: String(action.revision),
    });
  });

  app.post<ActionParams>('/trusts/:trust/actions/:action/revise', async (request, reply) => {
    const page = await actionPage(db, request, request.params, 'write');
    const action = page.view.action;
    const form = readReviseForm(request.body, page.today);
    const outcome = form.ok
      ? await db.withTrust(page.trust.id, (tx) =>
          changeAction(
            tx,
            page.trust.id,
            page.actor,
            action,
            { ...storedValues(action), ...form.data },
            action.revision,
          ),
        )
      : form;
    if (!outcome.ok)
      return renderRevise(
        reply,
        page,
        form.values,
        onForm(outcome.errors, { target: 'revisedTarget' }),
      );
    return reply.redirect(`${page.here}?done=revised`, 303);
  });
}
