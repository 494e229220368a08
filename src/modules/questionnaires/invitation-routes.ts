import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAILING_DONE, mailingMessage, queueMailing } from '../../jobs/mailing.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { errorView, formBody } from '../../web/forms.ts';
import { tablePage } from '../../web/table-pages.ts';
import { formatDate } from '../../web/views.ts';
import {
  addInvitations,
  badLinesMessage,
  closedForMail,
  mailInvitations,
  MAX_INVITATIONS,
  parseEmailList,
} from './invitations.ts';
import { invitationCounts, listInvitations } from './repository.ts';
import { invitedTable } from './tables.ts';
import {
  loadQuestionnaire,
  plural,
  queryCount,
  trustSectors,
  type QuestionnaireContext,
  type QuestionnaireParams,
  type QuestionnairePagesOptions,
} from './web.ts';

// Personal invitations of a questionnaire: adding addresses, sending and reminding. Each
// shows whether its link has been opened; nothing says who sent answers.

function flash(request: FastifyRequest): string | undefined {
  const done = (request.query as Record<string, unknown>).done;
  const n = queryCount(request, 'n') ?? 0;
  switch (done) {
    case 'added': {
      const skipped = queryCount(request, 'skipped') ?? 0;
      const skippedText =
        skipped === 0
          ? ''
          : `. ${plural(skipped, 'address was', 'addresses were')} skipped because they were repeated or already invited`;
      return `${plural(n, 'person', 'people')} added${skippedText}. Send the invitations when you are ready.`;
    }
    case 'sent':
      return n === 0 ? 'There were no invitations to send' : `${plural(n, 'invitation')} sent`;
    case 'reminded':
      return n === 0
        ? 'Nobody needed a reminder today'
        : `${plural(n, 'reminder')} sent, each with the same link as the first email`;
    default:
      return mailingMessage(done);
  }
}

type Problem = { errors: FieldError[]; values: Record<string, unknown> };

export async function invitationRoutes(app: FastifyInstance, options: QuestionnairePagesOptions) {
  addPages(app, options);
  for (const kind of ['sent', 'reminded'] as const) mailingRoute(app, options, kind);
  return Promise.resolve();
}

const path = '/trusts/:trust/rounds/:round/questionnaires/:q/invitations';

async function render(
  options: QuestionnairePagesOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: QuestionnaireContext,
  problem?: Problem,
  status = 400,
) {
  const { db } = options;
  const q = ctx.questionnaire;
  const [counts, invited, sectors] = await Promise.all([
    db.withTrust(ctx.trust.id, (tx) => invitationCounts(tx, q.id)),
    db.withTrust(ctx.trust.id, (tx) => listInvitations(tx, q.id)),
    trustSectors(db, ctx.trust.id),
  ]);
  const selected = problem?.values.sector;
  return reply.code(problem ? status : 200).page('questionnaires/views/invitations.njk', {
    title: 'Invite people by email',
    breadcrumbs: [...ctx.breadcrumbs, { text: q.title, href: ctx.qBase }],
    base: `${ctx.qBase}/invitations`,
    q,
    counts,
    closed: closedForMail(q),
    max: MAX_INVITATIONS,
    invited: invitedTable(
      invited.map((i) => ({
        ...i,
        sector: sectors.find((s) => s.key === i.sectorKey)?.name ?? i.sectorKey ?? '',
      })),
    ),
    tablesAt: `${ctx.qBase}/invitations`,
    sectorItems: [
      { value: '', text: 'Not set: people choose their sector' },
      ...sectors.map((s) => ({ value: s.key, text: s.name })),
    ].map((item) => ({ ...item, selected: item.value === selected })),
    values: problem?.values ?? {},
    errors: problem ? errorView(problem.errors) : undefined,
    flash: flash(request),
  });
}

/** What is wrong with the addresses and sector of the form, if anything. */
function addErrors(
  list: ReturnType<typeof parseEmailList>,
  sectorKey: string | null,
  sectors: { key: string }[],
): FieldError[] {
  const errors: FieldError[] = [];
  if (list.emails.length === 0 && list.bad.length === 0)
    errors.push({ field: 'emails', message: 'Enter at least one email address' });
  else if (list.bad.length > 0)
    errors.push({ field: 'emails', message: badLinesMessage(list.bad) });
  else if (list.emails.length + list.repeats > MAX_INVITATIONS)
    errors.push({
      field: 'emails',
      message: `Enter ${MAX_INVITATIONS.toLocaleString('en-GB')} email addresses or fewer at a time`,
    });
  if (sectorKey !== null && !sectors.some((s) => s.key === sectorKey))
    errors.push({ field: 'sector', message: 'Select a sector from the list' });
  return errors;
}

function addPages(app: FastifyInstance, options: QuestionnairePagesOptions) {
  const { db } = options;
  tablePage<QuestionnaireParams>(app, path, async (request, reply) => {
    const ctx = await loadQuestionnaire(db, request, request.params);
    return render(options, request, reply, ctx);
  });

  app.post<QuestionnaireParams>(path, async (request, reply) => {
    const ctx = await loadQuestionnaire(db, request, request.params);
    const body = formBody(request.body);
    const raw = typeof body.emails === 'string' ? body.emails : '';
    const sectorKey = typeof body.sector === 'string' && body.sector !== '' ? body.sector : null;
    const list = parseEmailList(raw);
    const errors = addErrors(list, sectorKey, await trustSectors(db, ctx.trust.id));
    if (errors.length > 0) return render(options, request, reply, ctx, { errors, values: body });
    const { added, skipped } = await addInvitations(
      db,
      ctx.trust.id,
      ctx.actor,
      ctx.questionnaire,
      list,
      sectorKey,
    );
    return reply.redirect(`${ctx.qBase}/invitations?done=added&n=${added}&skipped=${skipped}`, 303);
  });
}

const closedProblem = (closesOn: string): Problem => ({
  errors: [
    {
      field: 'send',
      message: `This questionnaire closed on ${formatDate(closesOn)}. Change its closing date before you send invitations or reminders.`,
    },
  ],
  values: {},
});

const mailFailedProblem = (mailed: number): Problem => ({
  errors: [
    {
      field: 'send',
      message: `We could not send the emails. ${plural(mailed, 'email was', 'emails were')} sent before the problem. Try again later: only those not yet sent will be sent.`,
    },
  ],
  values: {},
});

/** Send invitations or reminders: queued as a job when there is a queue, else sent now. */
function mailingRoute(
  app: FastifyInstance,
  options: QuestionnairePagesOptions,
  kind: 'sent' | 'reminded',
) {
  const { db, mailer, config, jobs } = options;
  app.post<QuestionnaireParams>(
    `${path}/${kind === 'sent' ? 'send' : 'remind'}`,
    async (request, reply) => {
      const ctx = await loadQuestionnaire(db, request, request.params);
      const q = ctx.questionnaire;
      if (closedForMail(q)) return render(options, request, reply, ctx, closedProblem(q.closesOn));
      if (jobs !== undefined) {
        const target = { trustId: ctx.trust.id, roundId: ctx.round.id, questionnaireId: q.id };
        await queueMailing(jobs, { ...target, actor: ctx.actor }, kind);
        return reply.redirect(`${ctx.qBase}/invitations?done=${MAILING_DONE[kind]}`, 303);
      }
      const result = await mailInvitations(
        {
          db,
          mailer,
          baseUrl: config.baseUrl,
          sessionSecret: config.sessionSecret,
          trustId: ctx.trust.id,
          trustName: ctx.trust.name,
          actor: ctx.actor,
          log: request.log,
        },
        q,
        kind,
      );
      if (result.failed)
        return render(options, request, reply, ctx, mailFailedProblem(result.mailed), 503);
      return reply.redirect(`${ctx.qBase}/invitations?done=${kind}&n=${result.mailed}`, 303);
    },
  );
}
