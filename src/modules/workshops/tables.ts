import { numeric, pageTable, type PageTable } from '../../web/page-table.ts';
import { formatDate } from '../../web/views.ts';
import type { AreaRatingsView } from './service.ts';

// The tables of the workshop pages (a round's focus groups and workshops, one workshop's
// ratings by area), for the pages and their downloads.

export interface WorkshopLine {
  id: string;
  heldOn: string;
  kindText: string;
  title: string;
  facilitator: string;
  total: number;
  ratings: number;
}

export function workshopsTable(base: string, workshops: WorkshopLine[]): PageTable {
  return pageTable({
    key: 'workshops',
    caption: 'Focus groups and workshops, most recent first',
    testid: 'workshops',
    head: [
      'Date',
      'Kind',
      'Title',
      'Facilitator',
      { text: 'People taking part', format: 'numeric' },
      { text: 'Dimensions rated', format: 'numeric' },
    ],
    rows: workshops.map((w) => [
      formatDate(w.heldOn),
      w.kindText,
      { text: w.title, href: `${base}/workshops/${w.id}` },
      w.facilitator,
      numeric(w.total),
      numeric(w.ratings),
    ]),
  });
}

/** Each area with the table of its ratings (shown only where a dimension was rated). */
export function ratingTables(areas: AreaRatingsView[]) {
  return areas.map((area) => ({
    ...area,
    table: pageTable({
      key: `ratings-${area.key}`,
      caption: `Ratings for ${area.name}`,
      captionClasses: 'govuk-visually-hidden',
      testid: `ratings-${area.key}`,
      head: ['Dimension', { text: 'Score', format: 'numeric' }, 'Stage', 'Reasons', 'Evidence'],
      rows: area.rows.map((r) => [
        r.dimension,
        { text: r.score || (r.rated ? 'No score' : 'Not rated'), format: 'numeric' },
        r.stage || (r.rated ? 'No stage' : 'Not rated'),
        r.reasons,
        { text: '', more: r.evidenceLinks.map((link) => ({ text: link, href: link })) },
      ]),
    }),
  }));
}
