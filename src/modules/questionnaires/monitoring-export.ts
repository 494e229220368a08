import type { ExportTable } from '../../web/table-export.ts';
import { ratePercent, type Monitoring } from './monitoring.ts';
import type { Progress } from './progress.ts';

// The monitoring page's tables as downloads (CSV or Excel), with the figures the page shows.

export function sectorTable(m: Monitoring): ExportTable {
  return {
    name: 'By sector',
    headers: [
      'sector key',
      'sector',
      ...m.audiences.map((a) => a.name),
      'responses',
      'headcount',
      'rate (%)',
      'under-represented',
      'fewer than 5',
    ],
    rows: [
      ...m.sectors.map((s) => [
        s.key ?? '',
        s.name,
        ...s.byAudience,
        s.count,
        s.headcount,
        ratePercent(s.rate),
        s.underRepresented ? 'yes' : 'no',
        s.tooFew ? 'yes' : 'no',
      ]),
      [
        '',
        'Total',
        ...m.audiences.map((a) => a.count),
        m.total,
        null,
        ratePercent(m.overallRate),
        '',
        '',
      ],
    ],
  };
}

export function audienceTable(m: Monitoring): ExportTable {
  return {
    name: 'By audience',
    headers: ['audience key', 'audience', 'responses'],
    rows: [...m.audiences.map((a) => [a.key, a.name, a.count]), ['', 'Total', m.total]],
  };
}

export function questionnaireTable(p: Progress): ExportTable {
  return {
    name: 'By questionnaire',
    headers: [
      'id',
      'questionnaire',
      'audience',
      'opens',
      'closes',
      'status',
      'days left',
      'responses',
    ],
    rows: p.questionnaires.map((q) => [
      q.id ?? '',
      q.title,
      q.audience,
      q.opensOn,
      q.closesOn,
      q.status,
      q.daysLeft,
      q.responses,
    ]),
  };
}

export function trendTable(p: Progress): ExportTable {
  return {
    name: 'By week',
    headers: ['week', 'from', 'to', 'responses that week', 'responses so far'],
    rows: p.weeks.map((w) => [w.number, w.from, w.to, w.added, w.total]),
  };
}

/** The downloads the page offers, by the name in their URL. */
export const MONITORING_TABLES = {
  'by-sector': (m: Monitoring) => sectorTable(m),
  'by-audience': (m: Monitoring) => audienceTable(m),
  'by-questionnaire': (_m: Monitoring, p: Progress) => questionnaireTable(p),
  'by-week': (_m: Monitoring, p: Progress) => trendTable(p),
} as const;
export type MonitoringTable = keyof typeof MONITORING_TABLES;

export function isMonitoringTable(name: string): name is MonitoringTable {
  return Object.hasOwn(MONITORING_TABLES, name);
}
