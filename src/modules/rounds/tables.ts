import { formatPeriod } from '../../web/dates.ts';
import { numeric, pageTable, type PageTable } from '../../web/page-table.ts';
import type { PlanRowView } from './plan-service.ts';
import type { RoundListRow } from './repository.ts';
import { isRoundStatus, STATUS_LABELS, STATUS_TAG_CLASSES } from './schemas.ts';

// The tables of the rounds pages (the list of rounds, a round's plan), for the pages and
// their downloads.

export function statusTag(status: string) {
  return isRoundStatus(status)
    ? { text: STATUS_LABELS[status], classes: STATUS_TAG_CLASSES[status] }
    : { text: status, classes: 'govuk-tag--grey' };
}

export function roundsTable(base: string, rounds: RoundListRow[]): PageTable {
  return pageTable({
    key: 'rounds',
    caption: 'Rounds, newest first',
    testid: 'rounds',
    head: [
      'Round',
      'Framework version',
      'Period',
      'Status',
      { text: 'Responses', format: 'numeric' },
    ],
    rows: rounds.map((r) => {
      const tag = statusTag(r.status);
      return [
        { text: r.title, href: `${base}/${r.id}` },
        r.frameworkVersion,
        formatPeriod(r.startsOn, r.endsOn),
        { text: tag.text, tag: tag.classes },
        numeric(r.responses),
      ];
    }),
  });
}

/** The plan; `canEdit` adds a link to change each test. */
export function planTable(base: string, rows: PlanRowView[], canEdit: boolean): PageTable {
  return pageTable({
    key: 'plan',
    caption: 'The plan, by start date',
    testid: 'plan',
    head: ['Dates', 'Areas', 'Activity', 'Taking part', 'Description'],
    rows: rows.map((r) => [r.dates, r.areas, r.activity, r.takingPart, r.description]),
    // An aria-label rather than visually hidden text: hidden text positioned inside a
    // scrolling table would widen the page.
    actions: canEdit
      ? rows.map((r) => [
          {
            text: 'Change',
            label: `Change the ${r.activity.toLowerCase()} of ${r.dates}`,
            href: `${base}/plan/${r.id}`,
          },
        ])
      : undefined,
  });
}
