import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../kernel/errors.ts';
import { offerableLanguages } from '../translations/index.ts';
import { errorView } from '../../web/forms.ts';
import { flashFor } from '../../web/http.ts';
import { ANY_SECTOR, ANY_SECTOR_NAME, linkUrl, orderLinks } from './links.ts';
import { linksBlockedReason } from './dates.ts';
import { countResponses, invitationCounts, listLinks, type LinkRow } from './repository.ts';
import { describe, pagesOf } from './service.ts';
import { linksTable, pagesTable } from './tables.ts';
import {
  loadQuestionnaire,
  plural,
  queryCount,
  trustSectors,
  type QuestionnaireContext,
  type QuestionnaireParams,
  type QuestionnairePagesOptions,
} from './web.ts';

// The questionnaire page: what it asks, its open links and its invitations.

const FLASH = {
  'link-created': 'Link created',
  'link-closed': 'Link closed. People who use it are told the questionnaire is closed.',
  'link-reopened': 'Link reopened',
};

/** After saving a questionnaire: a success banner with the ways on (?done=created|saved|dates-saved). */
const SAVED: Record<string, string> = {
  created: 'Questionnaire set up',
  saved: 'Questionnaire saved',
  'dates-saved': 'Dates saved',
};

function nextSteps(request: FastifyRequest, ctx: QuestionnaireContext, links: number) {
  const done = (request.query as Record<string, unknown>).done;
  if (typeof done !== 'string' || !Object.hasOwn(SAVED, done)) return undefined;
  const blocked = linksBlockedReason(ctx.round.status) !== null;
  return {
    heading: SAVED[done],
    steps: [
      { text: 'Preview the questionnaire', href: `${ctx.qBase}/preview` },
      blocked
        ? { text: 'Start collecting responses for the round', href: `${ctx.roundBase}#status` }
        : { text: links > 0 ? 'Share its open links' : 'Create open links', href: '#links' },
      { text: 'Send invitations', href: `${ctx.qBase}/invitations` },
      { text: 'Back to the round’s tasks', href: ctx.roundBase },
    ],
  };
}

/** What the page says after a redirect (?done=…). */
function flashOf(request: FastifyRequest) {
  const done = (request.query as Record<string, unknown>).done;
  if (done !== 'links-created') return flashFor(request, FLASH);
  const n = queryCount(request, 'n') ?? 0;
  return n === 0
    ? 'Every sector already has a link'
    : `${plural(n, 'link')} created, one for each sector that had none`;
}

export async function showQuestionnaire(
  options: Pick<QuestionnairePagesOptions, 'db' | 'config'>,
  request: FastifyRequest<QuestionnaireParams>,
  reply: FastifyReply,
  problem?: { errors: FieldError[]; values: Record<string, unknown> },
) {
  const { db, config } = options;
  const ctx: QuestionnaireContext = await loadQuestionnaire(db, request, request.params);
  const q = ctx.questionnaire;
  const [unordered, responses, counts, sectors, languages] = await Promise.all([
    db.withTrust(ctx.trust.id, (tx) => listLinks(tx, q.id)),
    db.withTrust(ctx.trust.id, (tx) => countResponses(tx, q.id)),
    db.withTrust(ctx.trust.id, (tx) => invitationCounts(tx, q.id)),
    trustSectors(db, ctx.trust.id),
    db.withTrust(ctx.trust.id, (tx) => offerableLanguages(tx, ctx.round.frameworkVersion)),
  ]);
  const links = orderLinks(unordered, sectors);
  const sectorName = (link: LinkRow) =>
    link.sectorKey === null
      ? ANY_SECTOR_NAME
      : (sectors.find((s) => s.key === link.sectorKey)?.name ?? link.sectorKey);
  const pages = pagesOf(ctx.version, q);
  const covered = new Set(links.map((l) => l.sectorKey ?? ANY_SECTOR));
  return reply.code(problem ? 400 : 200).page('questionnaires/views/show.njk', {
    title: q.title,
    breadcrumbs: ctx.breadcrumbs,
    base: ctx.qBase,
    q,
    described: describe(ctx.version, q, languages),
    responses,
    pages: pagesTable(pages.map((p) => ({ name: p.name, kind: p.kind, items: p.items.length }))),
    itemCount: pages.reduce((n, p) => n + p.items.length, 0),
    links: linksTable(
      ctx.qBase,
      links.map((l) => ({
        id: l.id,
        sector: sectorName(l),
        url: linkUrl(config.baseUrl, l.code),
        open: l.closedAt === null,
      })),
      linksBlockedReason(ctx.round.status) === null,
    ),
    tablesAt: ctx.qBase,
    missingLinks: sectors.some((s) => !covered.has(s.key)) || !covered.has(ANY_SECTOR),
    sectorItems: [
      { value: '', text: 'Choose a sector' },
      { value: ANY_SECTOR, text: ANY_SECTOR_NAME },
      ...sectors.map((s) => ({ value: s.key, text: s.name })),
    ].map((item) => ({ ...item, selected: item.value === problem?.values.sector })),
    counts,
    linksBlocked: linksBlockedReason(ctx.round.status),
    roundBase: ctx.roundBase,
    saved: nextSteps(request, ctx, links.length),
    flash: flashOf(request),
    errors: problem ? errorView(problem.errors) : undefined,
  });
}
