import type { FrameworkVersion } from '../framework/index.ts';
import { ANY_SECTOR_NAME, qrSvg, type LinkView } from './links.ts';
import type { QuestionnaireRow } from './repository.ts';
import { describe } from './service.ts';

// The poster of an open link (questionnaires/views/poster.njk): what the page and the API
// both render, so that the two cannot differ.

export const POSTER_TEMPLATE = 'questionnaires/views/poster.njk';

export interface PosterInput {
  version: FrameworkVersion;
  questionnaire: QuestionnaireRow;
  trustName: string;
  view: LinkView;
  /** Where the poster's QR code comes from: an address, or a data: URI that holds it. */
  qrSrc: string;
}

/** What the poster template shows for a link. */
export function posterContext(input: PosterInput) {
  const { view, questionnaire: q } = input;
  return {
    title: `Have your say: ${q.title}`,
    q,
    trustName: input.trustName,
    audience: describe(input.version, q).audience,
    sector: view.sector ?? ANY_SECTOR_NAME,
    anySector: view.sector === null,
    url: view.url,
    open: view.link.closedAt === null,
    qrSrc: input.qrSrc,
  };
}

/** The link's QR code as an SVG data: URI, for a poster that stands on its own. */
export async function qrDataUri(url: string): Promise<string> {
  return `data:image/svg+xml;base64,${Buffer.from(await qrSvg(url)).toString('base64')}`;
}
