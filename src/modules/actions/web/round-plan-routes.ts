import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../db/client.ts';
import { todayIso } from '../../../kernel/date-rules.ts';
import { formBody } from '../../../web/forms.ts';
import { flashFor } from '../../../web/http.ts';
import { pageTable } from '../../../web/page-table.ts';
import { tablePage } from '../../../web/table-pages.ts';
import {
  suggestedFocusAreas,
  type AnalysisService,
  type SuggestedFocusArea,
} from '../../analysis/index.ts';
import { canDo, roundPage, type RoundPage, type RoundParams } from '../../rounds/index.ts';
import { createFocusArea } from '../focus-areas.ts';
import { loadRoundPlan } from '../plan-round.ts';
import type { PlanRow } from '../plan.ts';
import { ragTag } from '../rag.ts';
import { listFocusAreas } from '../repository-focus.ts';
import { FOCUS_WRITERS, SOURCE_LABELS } from './focus-page.ts';
import { adoptedFrom, adoptedValues, suggestionKey } from './focus-suggestions.ts';

// The plan against a round ("Agree actions"): the focus areas its analysis suggests, each
// of which a writer may adopt, and the round's focus areas with their actions.
//
// Rules decided here:
// - Every role of the trust reads the page; only writers see "Adopt as a focus area",
//   "Create an action" and "Add a focus area", and a reader's POST is a 403.
// - Before the answers of a round are released there is nothing to suggest, and the page
//   says so; the round's own focus areas are shown all the same.
// - An action's RAG is the one the plan shows (the override, else the suggestion), as a
//   GOV.UK tag with its word; an action without one reads "No RAG yet".
// - "Create an action" goes to the new action form with the round and the focus area.

export interface RoundPlanOptions {
  db: Database;
  analysis: AnalysisService;
}

const FLASH = {
  adopted: 'Suggestion adopted as a focus area',
  already: 'That suggestion is already a focus area of this round',
  gone: 'The analysis no longer suggests that focus area: the figures may have changed',
};

const WHY: Record<SuggestedFocusArea['source'], string> = {
  weakest: 'One of the weakest dimensions',
  divergent: 'Views differ',
  'agreed-gap': 'Furthest from the agreed position',
  'drill-down': 'A drill-down practice',
};

const leadsText = (row: PlanRow) => row.leads.map((l) => l.name).join(', ') || 'No lead';

function actionsTable(page: RoundPage, key: string, caption: string, rows: PlanRow[]) {
  const trustBase = `/trusts/${page.trust.slug}`;
  return pageTable({
    key,
    caption,
    captionClasses: 'govuk-table__caption--s',
    testid: key,
    head: ['No', 'Action', 'Lead', 'RAG'],
    rows: rows.map((row) => {
      const rag = row.shown.rag;
      return [
        row.number,
        { text: row.title, href: `${trustBase}/actions/${row.id}` },
        leadsText(row),
        rag === null
          ? 'No RAG yet'
          : { text: ragTag(rag).text, tag: ragTag(rag).classes.replace('govuk-tag ', '') },
      ];
    }),
  });
}

/** The suggestions and the round's plan, read in one trust transaction. */
async function loadPage(o: RoundPlanOptions, page: RoundPage) {
  return o.db.withTrust(page.trust.id, async (tx) => {
    const scores = await o.analysis.roundScores(tx, page);
    const released = scores.release !== null && scores.release !== undefined;
    const suggestions = released
      ? await suggestedFocusAreas({ analysis: o.analysis }, { tx, scope: page })
      : [];
    const areas = await listFocusAreas(tx, { roundId: page.round.id });
    const plan = await loadRoundPlan(tx, page.round.id, todayIso());
    return { released, suggestions, areas, plan };
  });
}

function planPage(app: FastifyInstance, o: RoundPlanOptions) {
  tablePage<RoundParams>(app, '/trusts/:trust/rounds/:round/actions', async (request, reply) => {
    const page = await roundPage(o.db, request, request.params);
    const canWrite = canDo(page.trust, FOCUS_WRITERS);
    const { released, suggestions, areas, plan } = await loadPage(o, page);
    const trustBase = `/trusts/${page.trust.slug}`;
    const newAction = (focusArea?: string) =>
      `${trustBase}/actions/new?round=${page.round.id}${focusArea === undefined ? '' : `&focusArea=${focusArea}`}`;
    return reply.page('actions/views/round-plan.njk', {
      title: `Agree actions: ${page.round.title}`,
      breadcrumbs: page.breadcrumbs,
      flash: flashFor(request, FLASH),
      canWrite,
      released,
      adoptAction: `${page.base}/actions/adopt`,
      suggestions: suggestions.map((s) => {
        const adopted = adoptedFrom(s, areas, page.round.id);
        return {
          key: suggestionKey(s),
          title: s.title,
          why: WHY[s.source],
          reason: s.reason,
          also: s.also.map((a) => WHY[a].toLowerCase()).join(', '),
          adopted: adopted?.title ?? null,
        };
      }),
      focusAreas: plan.focusAreas.map((f, i) => ({
        title: f.focusArea.title,
        description: f.focusArea.description,
        source: SOURCE_LABELS[f.focusArea.source],
        covered: f.covered,
        table:
          f.actions.length === 0
            ? null
            : actionsTable(
                page,
                `focus-area-${i + 1}`,
                `Actions for ${f.focusArea.title}`,
                f.actions,
              ),
        newAction: newAction(f.focusArea.id),
      })),
      others:
        plan.otherActions.length === 0
          ? null
          : actionsTable(page, 'other-actions', 'Other actions of this round', plan.otherActions),
      newAction: newAction(),
      newFocusArea: `${trustBase}/focus-areas/new?round=${page.round.id}`,
      allFocusAreas: `${trustBase}/focus-areas`,
    });
  });
}

function adoptRoute(app: FastifyInstance, o: RoundPlanOptions) {
  app.post<RoundParams>('/trusts/:trust/rounds/:round/actions/adopt', async (request, reply) => {
    const page = await roundPage(o.db, request, request.params, FOCUS_WRITERS);
    const key = formBody(request.body).key;
    const done = await o.db.withTrust(page.trust.id, async (tx) => {
      const suggestions = await suggestedFocusAreas({ analysis: o.analysis }, { tx, scope: page });
      const suggestion = suggestions.find((s) => suggestionKey(s) === key);
      if (suggestion === undefined) return 'gone';
      const areas = await listFocusAreas(tx, { roundId: page.round.id });
      if (adoptedFrom(suggestion, areas, page.round.id) !== undefined) return 'already';
      const outcome = await createFocusArea(
        tx,
        page.trust.id,
        page.actor,
        adoptedValues(suggestion, page.round.id),
      );
      return outcome.ok ? 'adopted' : 'gone';
    });
    return reply.redirect(`${page.base}/actions?done=${done}`, 303);
  });
}

/** The plan against a round, and adopting its suggestions. */
export function roundPlanPages(app: FastifyInstance, options: RoundPlanOptions) {
  planPage(app, options);
  adoptRoute(app, options);
}
