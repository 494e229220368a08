import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../kernel/errors.ts';
import { flashFor, recordId } from '../../web/http.ts';
import { exportFormat, sendTable } from '../../web/table-export.ts';
import { areasInRainbowOrder, colourName } from '../../kernel/framework.ts';
import type { Area, FrameworkVersion } from '../framework/schema.ts';
import { canDo, roundPage, type RoundPage, type RoundParams } from '../rounds/web.ts';
import { compareScores, focusAreas, strengthsAndGaps, type Comparison } from './insights.ts';
import { stageOf } from './scoring/index.ts';
import type { AnalysisService, ScoredRound } from './service.ts';
import type { RoundScores } from './types.ts';
import * as tables from './tables.ts';
import {
  areaAgreed,
  areaChart,
  areaIn,
  divergenceOf,
  formatScore,
  groupsOf,
  percent,
  previousScores,
  scoreText,
  stageName,
  type PreviousScores,
} from './view.ts';

// The analysis of a round: the overview of all seven areas, a page per area, the items of
// an area, and this round against an earlier one. Every table can be downloaded as CSV or
// XLSX; every chart has its data table beside it.

type AreaParams = { Params: { trust: string; round: string; area: string; format?: string } };
type FormatParams = { Params: { trust: string; round: string; format: string } };

/** Who may read the free-text comments. */
const COMMENT_READERS = ['trust-admin', 'contributor'] as const;

export async function analysisPages(app: FastifyInstance, options: { analysis: AnalysisService }) {
  const { db } = app.deps;
  const { analysis } = options;

  async function load(request: FastifyRequest, params: { trust: string; round: string }) {
    const page = await roundPage(db, request, params);
    const scores = await db.withTrust(page.trust.id, (tx) => analysis.roundScores(tx, page));
    return { page, scores, notice: releaseNotice(page, scores, flashFor(request, FLASH)) };
  }

  app.post<RoundParams>('/trusts/:trust/rounds/:round/analysis/release', async (request, reply) => {
    const page = await roundPage(db, request, request.params, ['trust-admin']);
    const outcome = await db.withTrust(page.trust.id, (tx) =>
      analysis.release(tx, page, page.actor),
    );
    const done =
      outcome.outcome === 'released'
        ? 'released'
        : outcome.outcome === 'waiting'
          ? 'waiting'
          : outcome.outcome === 'collecting'
            ? 'collecting'
            : 'nothing-new';
    return reply.redirect(`${page.base}/analysis?done=${done}`, 303);
  });

  app.get<RoundParams>('/trusts/:trust/rounds/:round/analysis', async (request, reply) => {
    const { page, scores, notice } = await load(request, request.params);
    // Up to five earlier rounds for the trend; the most recent is the previous round.
    const history = await db.withTrust(page.trust.id, (tx) => analysis.earlierRounds(tx, page, 5));
    const earlier = history[0];
    const previous = earlier === undefined ? undefined : mapped(page, scores, earlier);
    const areas = areasInRainbowOrder(page.version).map((area) => {
      const overall = areaIn(scores.overall, area.key);
      const agreed = areaAgreed(scores, area);
      return {
        key: area.key,
        name: area.name,
        colour: area.colour,
        colourName: colourName(area.colour),
        href: `${page.base}/analysis/areas/${area.key}`,
        agreed: formatScore(agreed) || 'Not yet known',
        agreedStage: stageName(page.version, stageOf(page.version, agreed)),
        questionnaire: scoreText(overall?.score ?? null, overall?.suppressed ?? true),
        questionnaireStage: stageName(page.version, overall?.stage ?? null),
        n: overall?.n ?? null,
        chart: areaChart(`spider-${area.key}`, area, scores, previous),
      };
    });
    const { strengths, gaps } = strengthsAndGaps(scores, page.version);
    const trend =
      earlier === undefined
        ? null
        : tables.areaTrend(page.version, [
            ...history.reverse().map((e) => ({
              title: e.scope.round.title,
              version: e.scope.version,
              scores: e.scores,
            })),
            { title: page.round.title, version: page.version, scores },
          ]);
    return reply.page('analysis/views/overview.njk', {
      trend,
      title: `Where the partnership stands: ${page.round.title}`,
      breadcrumbs: page.breadcrumbs,
      base: page.base,
      round: page.round,
      notice,
      responses: scores.responses,
      respondents: scores.overall.n,
      suppressedOverall: scores.overall.suppressed,
      areas,
      strengths,
      gaps,
      focus: focusAreas(scores, page.version),
      previous:
        earlier === undefined
          ? null
          : { id: earlier.scope.round.id, title: earlier.scope.round.title },
      lowGroups: groupsOf(scores, 'sector')
        .filter((g) => g.suppressed)
        .map((g) => g.label),
    });
  });

  app.get<AreaParams>(
    '/trusts/:trust/rounds/:round/analysis/areas/:area',
    async (request, reply) => {
      const { page, scores, notice } = await load(request, request.params);
      const area = areaOf(page.version, request.params.area);
      const [earlier] = await db.withTrust(page.trust.id, (tx) =>
        analysis.earlierRounds(tx, page, 1),
      );
      const previous = earlier === undefined ? undefined : mapped(page, scores, earlier);
      const showComments = canDo(page.trust, COMMENT_READERS);
      const areaComments = showComments
        ? await db.withTrust(page.trust.id, (tx) => analysis.comments(tx, page.round.id, area.key))
        : [];
      const overall = areaIn(scores.overall, area.key);
      const ranked = area.dimensions
        .map((d) => ({ d, score: overall?.dimensions.find((x) => x.key === d.key) }))
        .filter((x) => x.score !== undefined && !x.score.suppressed && x.score.score !== null)
        .sort((a, b) => (b.score?.score ?? 0) - (a.score?.score ?? 0));
      return reply.page('analysis/views/area.njk', {
        title: `${colourName(area.colour)}: ${area.name}`,
        breadcrumbs: [...page.breadcrumbs, { text: 'Analysis', href: `${page.base}/analysis` }],
        base: page.base,
        round: page.round,
        notice,
        area: {
          key: area.key,
          name: area.name,
          colour: area.colour,
          colourName: colourName(area.colour),
          description: area.description,
        },
        chart: areaChart(`spider-${area.key}`, area, scores, previous),
        dimensions: tables.dimensionTable(scores, page.version, area),
        heatmap: tables.heatmap(scores, page.version, area, 'sector'),
        audiences: tables.heatmap(scores, page.version, area, 'audience'),
        localities: tables.heatmap(scores, page.version, area, 'locality'),
        divergent: area.dimensions.flatMap((d) =>
          (['audiences', 'sectors'] as const).flatMap((between) => {
            const div = divergenceOf(scores, d.key, between);
            return div?.flagged === true && div.high !== null && div.low !== null
              ? [
                  {
                    dimension: d.name,
                    text: `${div.high.label} scored it ${div.high.score.toFixed(1)} and ${div.low.label} ${div.low.score.toFixed(1)}: a difference of ${(div.difference ?? 0).toFixed(1)}.`,
                  },
                ]
              : [];
          }),
        ),
        strengths: ranked
          .slice(0, 2)
          .map((x) => ({ name: x.d.name, score: formatScore(x.score?.score) })),
        gaps:
          ranked.length > 2
            ? ranked
                .slice(-2)
                .reverse()
                .map((x) => ({ name: x.d.name, score: formatScore(x.score?.score) }))
            : [],
        highDontKnow: (overall?.dimensions ?? [])
          .filter((d) => !d.suppressed && (d.dontKnowRate ?? 0) >= 0.2)
          .map((d) => ({ name: nameOf(area, d.key), rate: percent(d.dontKnowRate) })),
        withheld: tables.withheldGroups(scores, area),
        suppressedArea: overall?.suppressed ?? true,
        showComments,
        comments: areaComments,
        previousTitle: earlier?.scope.round.title ?? null,
      });
    },
  );

  app.get<AreaParams>(
    '/trusts/:trust/rounds/:round/analysis/areas/:area/items',
    async (request, reply) => {
      const { page, scores, notice } = await load(request, request.params);
      const area = areaOf(page.version, request.params.area);
      return reply.page('analysis/views/items.njk', {
        title: `Questions and answers: ${area.name}`,
        breadcrumbs: [
          ...page.breadcrumbs,
          { text: 'Analysis', href: `${page.base}/analysis` },
          { text: area.name, href: `${page.base}/analysis/areas/${area.key}` },
        ],
        base: page.base,
        round: page.round,
        notice,
        area: { key: area.key, name: area.name, colourName: colourName(area.colour) },
        dimensions: tables.itemTables(scores, page.version, area),
      });
    },
  );

  app.get<RoundParams>('/trusts/:trust/rounds/:round/analysis/compare', async (request, reply) => {
    const { page, scores, notice } = await load(request, request.params);
    const candidates = await db.withTrust(page.trust.id, (tx) =>
      analysis.comparableRounds(tx, page),
    );
    const asked = (request.query as Record<string, unknown>).with;
    const chosenId =
      typeof asked === 'string' && candidates.some((r) => r.id === asked)
        ? asked
        : candidates.find((r) => r.startsOn <= page.round.startsOn)?.id;
    const problem =
      typeof asked === 'string' && asked !== '' && chosenId !== asked
        ? 'Choose one of the rounds in the list'
        : undefined;
    const earlier =
      chosenId === undefined
        ? undefined
        : await db.withTrust(page.trust.id, (tx) => analysis.otherRound(tx, page, chosenId));
    const comparison =
      earlier === undefined
        ? undefined
        : compareScores(scores, page.version, earlier.scores, earlier.scope.version);
    const previous =
      earlier === undefined || comparison === undefined
        ? undefined
        : previousFrom(earlier.scope.round.title, comparison);
    return reply.page('analysis/views/compare.njk', {
      title: `Compare with another round: ${page.round.title}`,
      breadcrumbs: [...page.breadcrumbs, { text: 'Analysis', href: `${page.base}/analysis` }],
      base: page.base,
      round: page.round,
      notice,
      options: candidates.map((r) => ({ value: r.id, text: r.title, selected: r.id === chosenId })),
      errors:
        problem === undefined
          ? undefined
          : {
              errorList: [{ text: problem, href: '#with' }],
              fieldErrors: { with: { text: problem } },
            },
      earlier:
        earlier === undefined
          ? null
          : {
              id: earlier.scope.round.id,
              title: earlier.scope.round.title,
              version: earlier.scope.round.frameworkVersion,
            },
      sameVersion: earlier?.scope.round.frameworkVersion === page.round.frameworkVersion,
      areas:
        comparison === undefined || previous === undefined
          ? []
          : areasInRainbowOrder(page.version).map((area) => ({
              name: area.name,
              colourName: colourName(area.colour),
              chart: tables.compareChart(area, scores, previous, page.round.title),
            })),
      change: comparison === undefined ? null : tables.changeTable(comparison),
    });
  });

  // ---- Downloads: /analysis.csv|.xlsx (every dimension, overall and by group), an area's
  // heat map and items, and the comparison.

  app.get<FormatParams>('/trusts/:trust/rounds/:round/analysis.:format', async (request, reply) => {
    const format = exportFormat(request.params.format);
    if (format === undefined) throw new NotFoundError();
    const { page, scores } = await load(request, request.params);
    // The CSV is one plain table (every score, for everyone and by group), to load
    // anywhere; the workbook adds the agreed position on a second sheet.
    const all = tables.allScoresExport(scores, page.version);
    return sendTable(
      reply,
      format,
      `${slug(page.round.title)}-scores`,
      format === 'csv' ? all : [all, tables.agreedExport(scores, page.version)],
    );
  });

  app.get<AreaParams & { Params: { format: string } }>(
    '/trusts/:trust/rounds/:round/analysis/areas/:area/heatmap.:format',
    async (request, reply) => {
      const format = exportFormat(request.params.format);
      if (format === undefined) throw new NotFoundError();
      const { page, scores } = await load(request, request.params);
      const area = areaOf(page.version, request.params.area);
      return sendTable(reply, format, `${slug(page.round.title)}-${area.key}-groups`, [
        tables.heatmapExport(scores, area, 'sector'),
        tables.heatmapExport(scores, area, 'audience'),
        tables.heatmapExport(scores, area, 'locality'),
      ]);
    },
  );

  app.get<AreaParams & { Params: { format: string } }>(
    '/trusts/:trust/rounds/:round/analysis/areas/:area/items.:format',
    async (request, reply) => {
      const format = exportFormat(request.params.format);
      if (format === undefined) throw new NotFoundError();
      const { page, scores } = await load(request, request.params);
      const area = areaOf(page.version, request.params.area);
      return sendTable(
        reply,
        format,
        `${slug(page.round.title)}-${area.key}-items`,
        tables.itemsExport(scores, area),
      );
    },
  );

  app.get<FormatParams>(
    '/trusts/:trust/rounds/:round/analysis/compare.:format',
    async (request, reply: FastifyReply) => {
      const format = exportFormat(request.params.format);
      if (format === undefined) throw new NotFoundError();
      const { page, scores } = await load(request, request.params);
      const asked = (request.query as Record<string, unknown>).with;
      if (typeof asked !== 'string') throw new NotFoundError();
      const earlier = await db.withTrust(page.trust.id, (tx) =>
        analysis.otherRound(tx, page, recordId(asked)),
      );
      if (earlier === undefined) throw new NotFoundError();
      const comparison = compareScores(scores, page.version, earlier.scores, earlier.scope.version);
      return sendTable(
        reply,
        format,
        `${slug(page.round.title)}-compared`,
        tables.changeExport(comparison, earlier.scope.round.title, page.round.title),
      );
    },
  );
}

function areaOf(version: FrameworkVersion, key: string): Area {
  const area = version.areas.find((a) => a.key === key);
  if (area === undefined) throw new NotFoundError();
  return area;
}

function nameOf(area: Area, dimensionKey: string): string {
  return area.dimensions.find((d) => d.key === dimensionKey)?.name ?? dimensionKey;
}

const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'round';

/** The earlier round's overall scores keyed by this round's dimensions (through the mapping). */
function previousFrom(title: string, comparison: Comparison): PreviousScores {
  return previousScores(
    title,
    comparison.areas.flatMap((a) => a.dimensions.map((d) => ({ key: d.key, before: d.before }))),
  );
}

function mapped(page: RoundPage, scores: RoundScores, earlier: ScoredRound): PreviousScores {
  return previousFrom(
    earlier.scope.round.title,
    compareScores(scores, page.version, earlier.scores, earlier.scope.version),
  );
}

const FLASH = {
  released: 'The newer responses are now included in the figures',
  waiting: 'The newer responses must wait: see below why',
  collecting: 'Answers are released once collection closes',
  'nothing-new': 'Every response is already included',
};

/** What the analysis pages say about the release the figures come from. */
function releaseNotice(page: RoundPage, scores: RoundScores, flash: string | undefined) {
  const pending = scores.pending ?? 0;
  return {
    flash,
    collecting: scores.release === null || scores.release === undefined,
    pending,
    releaseNumber: scores.release?.number ?? null,
    canRelease:
      canDo(page.trust, ['trust-admin']) &&
      scores.release !== null &&
      scores.release !== undefined &&
      pending > 0,
    action: `${page.base}/analysis/release`,
  };
}
