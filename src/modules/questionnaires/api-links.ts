import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute, type ApiContext } from '../../web/api-route.ts';
import {
  linkOf,
  linkSchema,
  questionnaireOf,
  questionnaireParams,
  TAG,
  WRITE,
} from './api-shared.ts';
import { ANY_LINK_EXAMPLE, LINK_EXAMPLE } from './api-examples.ts';
import {
  createLink,
  createLinksForEverySector,
  linkView,
  linkViews,
  qrPng,
  qrSvg,
  setLinkOpen,
} from './links.ts';
import { POSTER_TEMPLATE, posterContext, qrDataUri } from './poster.ts';
import { loadTrust } from '../trusts/index.ts';

// Open links of a questionnaire in the JSON API: listing, creating (one, or one for every
// sector as the page's button does), closing and reopening them, and a link's QR code and
// poster. The same service calls and audit entries as the pages (links.ts, poster.ts); as on
// the pages, only a trust admin's token may use them.

interface LinkServices {
  db: Database;
  config: Pick<Config, 'baseUrl'>;
}

const linkParams = questionnaireParams.extend({ link: z.guid().describe('The link id') });

const PLANNING =
  'A round that is still planning answers 409: links open only once it collects responses.';

function listRoute(s: LinkServices) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires/:questionnaire/links',
    summary: "The questionnaire's open links, the link for any sector first, then by sector",
    tag: TAG,
    roles: WRITE,
    params: questionnaireParams,
    response: z.array(linkSchema),
    example: { response: [ANY_LINK_EXAMPLE, LINK_EXAMPLE] },
    handler: async (ctx) => {
      const { q } = await questionnaireOf(ctx);
      return (await linkViews(s.db, apiTrust(ctx).id, s.config.baseUrl, q.id)).map(linkOf);
    },
  });
}

function createRoute(s: LinkServices) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires/:questionnaire/links',
    summary: 'Creates an open link for a sector (or for any sector)',
    description:
      'One link per sector: a sector that already has a link answers 400, and so does a round that is still planning (links open only once it collects responses).',
    tag: TAG,
    roles: WRITE,
    params: questionnaireParams,
    body: z.object({
      sector: z.string().nullable().describe('Sector key, or null for a link where people choose'),
    }),
    status: 201,
    response: linkSchema,
    example: { request: { sector: 'health' }, response: LINK_EXAMPLE },
    handler: async (ctx) => {
      const { q, round } = await questionnaireOf(ctx);
      const trustId = apiTrust(ctx).id;
      const outcome = await createLink(s.db, trustId, apiActor(ctx), q, round, ctx.body.sector);
      if (!outcome.ok) throw new ValidationError(outcome.errors);
      return linkOf(await viewOf(s, ctx, { questionnaireId: q.id, linkId: outcome.link.id }));
    },
  });
}

function everySectorRoute(s: LinkServices) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires/:questionnaire/links/all',
    summary: 'Creates a link for every sector that has none, and one for any sector',
    description: `As the button on the questionnaire's page: sectors that already have a link keep it, and calling again creates nothing more. ${PLANNING}`,
    tag: TAG,
    roles: WRITE,
    params: questionnaireParams,
    response: z.object({
      created: z.number().int().describe('Links this call created'),
      links: z.array(linkSchema).describe('Every link of the questionnaire after the call'),
    }),
    example: { response: { created: 2, links: [ANY_LINK_EXAMPLE, LINK_EXAMPLE] } },
    handler: async (ctx) => {
      const { q, round } = await questionnaireOf(ctx);
      const trustId = apiTrust(ctx).id;
      const created = await createLinksForEverySector(s.db, trustId, apiActor(ctx), q, round);
      const links = await linkViews(s.db, trustId, s.config.baseUrl, q.id);
      return { created, links: links.map(linkOf) };
    },
  });
}

function openRoute(s: LinkServices, action: 'close' | 'reopen') {
  return defineApiRoute({
    method: 'POST',
    url: `/api/v1/trusts/:trust/rounds/:round/questionnaires/:questionnaire/links/:link/${action}`,
    summary: action === 'close' ? 'Closes an open link' : 'Reopens a closed link',
    description:
      action === 'close'
        ? 'People who use a closed link are told the questionnaire is closed. Closing a closed link changes nothing.'
        : `Reopening an open link changes nothing. ${PLANNING}`,
    tag: TAG,
    roles: WRITE,
    params: linkParams,
    response: linkSchema,
    example: { response: { ...LINK_EXAMPLE, open: action === 'reopen' } },
    handler: async (ctx) => {
      const { q, round } = await questionnaireOf(ctx);
      const trustId = apiTrust(ctx).id;
      const target = { q, round };
      const open = action === 'reopen';
      const link = await setLinkOpen(s.db, trustId, apiActor(ctx), target, ctx.params.link, open);
      if (link === null) throw new NotFoundError();
      return linkOf(await viewOf(s, ctx, { questionnaireId: q.id, linkId: link.id }));
    },
  });
}

/** The link of the path on the questionnaire, with its sector and address; else a 404. */
async function viewOf(
  s: LinkServices,
  ctx: ApiContext<unknown, unknown, unknown>,
  target: { questionnaireId: string; linkId: string },
) {
  const view = await linkView(s.db, apiTrust(ctx).id, s.config.baseUrl, target);
  if (view === undefined) throw new NotFoundError();
  return view;
}

const QR_TYPES = { png: 'image/png', svg: 'image/svg+xml' } as const;

function qrRoute(s: LinkServices) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires/:questionnaire/links/:link/qr',
    summary: "The link's QR code, as a PNG (1024 pixels square) or an SVG image",
    tag: TAG,
    roles: WRITE,
    params: linkParams,
    query: z.object({
      format: z
        .enum(['png', 'svg'], { error: 'format must be png or svg' })
        .default('png')
        .describe('png (default) or svg'),
    }),
    produces: Object.values(QR_TYPES),
    response: z.string().describe('The QR code image, which opens the link'),
    example: { response: '(the image)' },
    handler: async (ctx) => {
      const { q } = await questionnaireOf(ctx);
      const target = { questionnaireId: q.id, linkId: ctx.params.link };
      const { link, url } = await viewOf(s, ctx, target);
      const format = ctx.query.format;
      await ctx.reply
        .type(format === 'svg' ? `${QR_TYPES.svg}; charset=utf-8` : QR_TYPES.png)
        .header(
          'content-disposition',
          `attachment; filename="questionnaire-${link.code}.${format}"`,
        )
        .send(format === 'svg' ? await qrSvg(url) : await qrPng(url));
      return '';
    },
  });
}

function posterRoute(s: LinkServices) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires/:questionnaire/links/:link/poster',
    summary: "The link's poster, as the page to print it shows it",
    description:
      'An HTML page: the questionnaire, who it is for, the address and its QR code (held in the page itself), and when it closes. A closed link says so on screen; printed, the page shows the poster only.',
    tag: TAG,
    roles: WRITE,
    params: linkParams,
    produces: ['text/html'],
    response: z.string().describe('The poster, as an HTML page'),
    example: { response: '<!DOCTYPE html>…' },
    handler: async (ctx) => {
      const { version, q } = await questionnaireOf(ctx);
      const view = await viewOf(s, ctx, { questionnaireId: q.id, linkId: ctx.params.link });
      const trust = await loadTrust(s.db, apiTrust(ctx).id);
      const context = posterContext({
        version,
        questionnaire: q,
        trustName: trust.name,
        view,
        qrSrc: await qrDataUri(view.url),
      });
      await ctx.reply.page(POSTER_TEMPLATE, { ...context, breadcrumbs: [] });
      return '';
    },
  });
}

/** The open-link operations of the API, in the order of the OpenAPI document. */
export function linksApi(s: LinkServices) {
  return [
    listRoute(s),
    createRoute(s),
    everySectorRoute(s),
    openRoute(s, 'close'),
    openRoute(s, 'reopen'),
    qrRoute(s),
    posterRoute(s),
  ];
}
