import { numeric, pageTable, type PageTable, type TableCell } from '../../web/page-table.ts';
import { MIN_RESPONSES, NO_HEADCOUNT, percent, type Monitoring } from './monitoring.ts';
import type { Progress } from './progress.ts';

// The tables of the responses page, for the page and its downloads, each as the page shows it:
// a sector's flags beside its name, rates as percentages.

/** The response rate as the page writes it: a percentage, or why there is none. */
const rateText = (s: Monitoring['sectors'][number]) =>
  s.rate !== null ? percent(s.rate) : s.key === null ? '' : NO_HEADCOUNT;

function sectorName(s: Monitoring['sectors'][number]): TableCell {
  const more = [
    ...(s.underRepresented ? [{ text: 'Under-represented', tag: 'govuk-tag--orange' }] : []),
    ...(s.tooFew ? [{ text: `Fewer than ${MIN_RESPONSES}`, tag: 'govuk-tag--yellow' }] : []),
  ];
  return more.length === 0 ? { text: s.name } : { text: s.name, more };
}

function bySector(m: Monitoring): PageTable {
  return pageTable({
    key: 'by-sector',
    caption: 'Responses by sector, against headcount',
    captionClasses: 'govuk-table__caption--s',
    testid: 'by-sector',
    head: [
      'Sector',
      { text: 'Responses', format: 'numeric' },
      { text: 'Headcount', format: 'numeric' },
      { text: 'Response rate', format: 'numeric' },
    ],
    rows: m.sectors.map((s) => [
      sectorName(s),
      numeric(s.count),
      numeric(s.headcount, 'Not known'),
      { text: rateText(s), format: 'numeric' },
    ]),
  });
}

function byAudience(m: Monitoring): PageTable {
  return pageTable({
    key: 'by-audience',
    caption: 'Responses by audience',
    captionClasses: 'govuk-table__caption--s',
    testid: 'by-audience',
    head: ['Audience', { text: 'Responses', format: 'numeric' }],
    rows: [...m.audiences.map((a) => [a.name, numeric(a.count)]), ['Total', numeric(m.total)]],
  });
}

function bySectorAndAudience(m: Monitoring): PageTable {
  return pageTable({
    key: 'by-sector-audience',
    caption: 'Responses by sector and audience',
    captionClasses: 'govuk-visually-hidden',
    testid: 'by-sector-audience',
    head: [
      'Sector',
      ...m.audiences.map((a) => ({ text: a.name, format: 'numeric' })),
      { text: 'Total', format: 'numeric' },
    ],
    rows: [
      ...m.sectors.map((s) => [s.name, ...s.byAudience.map((n) => numeric(n)), numeric(s.count)]),
      ['Total', ...m.audiences.map((a) => numeric(a.count)), numeric(m.total)],
    ],
  });
}

/** `href` gives a questionnaire's page to link to, where the reader may open it. */
function byQuestionnaire(p: Progress, href: (id: string | null) => string | null): PageTable {
  return pageTable({
    key: 'by-questionnaire',
    caption: 'Responses by questionnaire, with the days left to answer',
    captionClasses: 'govuk-table__caption--s',
    testid: 'by-questionnaire',
    head: ['Questionnaire', 'Audience', 'Open to answer', { text: 'Responses', format: 'numeric' }],
    rows: p.questionnaires.map((q) => {
      const link = href(q.id);
      return [
        link === null ? q.title : { text: q.title, href: link },
        q.audience,
        q.status,
        numeric(q.responses),
      ];
    }),
  });
}

function byWeek(p: Progress): PageTable {
  return pageTable({
    key: 'by-week',
    caption: 'Responses by week',
    captionClasses: 'govuk-table__caption--s',
    testid: 'by-week',
    head: [
      'Week',
      { text: 'Responses that week', format: 'numeric' },
      { text: 'Responses so far', format: 'numeric' },
    ],
    rows: p.weeks.map((w) => [w.label, numeric(w.added), numeric(w.total)]),
  });
}

/** The keys of the tables, which older download addresses name (responses/by-week.csv). */
export const MONITORING_TABLES = [
  'by-sector',
  'by-audience',
  'by-sector-audience',
  'by-questionnaire',
  'by-week',
] as const;

export function monitoringTables(
  m: Monitoring,
  p: Progress,
  href: (id: string | null) => string | null,
) {
  return {
    bySector: bySector(m),
    byAudience: byAudience(m),
    bySectorAndAudience: bySectorAndAudience(m),
    byQuestionnaire: byQuestionnaire(p, href),
    byWeek: byWeek(p),
  };
}
