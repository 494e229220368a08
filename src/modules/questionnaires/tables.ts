import { numeric, pageTable, type PageTable, type RowAction } from '../../web/page-table.ts';
import { formatDate } from '../../web/views.ts';

// The tables of the questionnaire pages (the round's questionnaires, a questionnaire's pages
// and open links, its invitations), for the pages and their downloads.

export interface QuestionnaireLine {
  id: string;
  title: string;
  described: { audience: string; areasText: string };
  opensOn: string;
  closesOn: string;
  openLinks: number;
  responses: number;
}

export function questionnairesTable(base: string, rows: QuestionnaireLine[]): PageTable {
  return pageTable({
    key: 'questionnaires',
    caption: 'Questionnaires in this round',
    testid: 'questionnaires',
    head: [
      'Title',
      'Audience',
      'Areas',
      'Opens',
      'Closes',
      { text: 'Open links', format: 'numeric' },
      { text: 'Responses', format: 'numeric' },
    ],
    rows: rows.map((q) => [
      { text: q.title, href: `${base}/${q.id}` },
      q.described.audience,
      q.described.areasText,
      formatDate(q.opensOn),
      formatDate(q.closesOn),
      numeric(q.openLinks),
      numeric(q.responses),
    ]),
  });
}

/** The pages of questions of a questionnaire, in order. */
export function pagesTable(pages: { name: string; kind: string; items: number }[]): PageTable {
  return pageTable({
    key: 'pages',
    caption: 'Pages of questions',
    captionClasses: 'govuk-visually-hidden',
    testid: 'pages',
    head: ['Page', 'Kind', { text: 'Questions', format: 'numeric' }],
    rows: pages.map((p, i) => [
      `${i + 1}. ${p.name}`,
      p.kind === 'area' ? 'Area' : 'Drill-down practice',
      numeric(p.items),
    ]),
  });
}

export interface LinkLine {
  id: string;
  sector: string;
  url: string;
  open: boolean;
}

/** The open links, each with its poster, QR codes and a button to close or reopen it. */
export function linksTable(base: string, links: LinkLine[], canReopen: boolean): PageTable {
  const actions = (l: LinkLine): RowAction[] => [
    { text: 'Poster', hidden: `for ${l.sector}`, href: `${base}/links/${l.id}/poster` },
    {
      text: 'QR code (SVG)',
      hidden: `for ${l.sector}`,
      href: `${base}/links/${l.id}/qr.svg`,
      download: true,
    },
    {
      text: 'QR code (PNG)',
      hidden: `for ${l.sector}`,
      href: `${base}/links/${l.id}/qr.png`,
      download: true,
    },
    ...(l.open || canReopen
      ? [
          {
            text: l.open ? 'Close link' : 'Reopen link',
            hidden: `for ${l.sector}`,
            post: `${base}/links/${l.id}/${l.open ? 'close' : 'reopen'}`,
            id: `${l.open ? 'close' : 'reopen'}-${l.id}`,
          },
        ]
      : []),
  ];
  return pageTable({
    key: 'links',
    caption: 'Open links',
    captionClasses: 'govuk-visually-hidden',
    testid: 'links',
    head: ['Sector', 'Link', 'Status'],
    rows: links.map((l) => [
      l.sector,
      { text: l.url, code: true },
      l.open
        ? { text: 'Open', tag: 'govuk-tag--green' }
        : { text: 'Closed', tag: 'govuk-tag--grey' },
    ]),
    actions: links.map(actions),
  });
}

export interface InvitedLine {
  email: string;
  sector: string;
  sentOn: string | null;
  remindedOn: string | null;
  opened: boolean;
}

/** The people invited; whether their link was opened, never whether they answered. */
export function invitedTable(invited: InvitedLine[]): PageTable {
  return pageTable({
    key: 'invitations',
    caption: 'People invited',
    testid: 'invited',
    head: ['Email address', 'Sector', 'Sent', 'Last reminded', 'Link'],
    rows: invited.map((i) => [
      i.email,
      i.sector,
      i.sentOn === null ? 'Not sent' : formatDate(i.sentOn),
      i.remindedOn === null ? '' : formatDate(i.remindedOn),
      i.sentOn === null ? '' : i.opened ? 'Opened' : 'Not opened',
    ]),
  });
}
