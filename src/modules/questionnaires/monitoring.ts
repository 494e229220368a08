import type { Database } from '../../db/client.ts';
import type { BarInput } from '../charts/index.ts';
import { toCsv } from '../../web/csv.ts';
import type { FrameworkVersion } from '../framework/index.ts';
import type { SectorRow } from '../trusts/index.ts';
import { responseCounts, type ResponseCountRow } from './repository.ts';

// Response monitoring: responses of a round by sector against headcount, by audience, and
// sector × audience, with the sectors that are under-represented.

export const MIN_RESPONSES = 5;
export const MIN_RATE = 0.1;
export const NOT_GIVEN = 'Not given';

export interface SectorLine {
  /** Null for responses that did not say. */
  key: string | null;
  name: string;
  count: number;
  headcount: number | null;
  /** count / headcount, when the headcount is known (and not 0). */
  rate: number | null;
  /** Per audience, in the version's order. */
  byAudience: number[];
  underRepresented: boolean;
  /** Why, in words (empty when not under-represented). */
  reason: string;
}

export interface Monitoring {
  audiences: { key: string; name: string; count: number }[];
  sectors: SectorLine[];
  underRepresented: SectorLine[];
  total: number;
}

/** A rate as a percentage to one decimal place, e.g. 0.015 → 1.5; null stays null. */
export function ratePercent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

/**
 * A rate in words, as the chart and the CSV give it: "15%", "1.5%" (one decimal place unless
 * whole, so that a rate of 9.6% does not read as 10% beside an "Under-represented" tag).
 */
export function percent(rate: number | null): string {
  const p = ratePercent(rate);
  if (p === null) return '';
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** Why a sector's responses are too few to go by, or '' (always '' when not judged). */
function underReason(count: number, rate: number | null, judged: boolean): string {
  if (!judged) return '';
  const few = count < MIN_RESPONSES;
  const low = rate !== null && rate < MIN_RATE;
  if (few && low) return `fewer than ${MIN_RESPONSES} responses, and under 10% of headcount`;
  if (few) return `fewer than ${MIN_RESPONSES} responses`;
  return low ? 'under 10% of headcount' : '';
}

export function buildMonitoring(
  version: FrameworkVersion,
  sectors: SectorRow[],
  rows: ResponseCountRow[],
): Monitoring {
  const audienceKeys = version.audiences.map((a) => a.key as string);
  for (const r of rows) if (!audienceKeys.includes(r.audience)) audienceKeys.push(r.audience);
  const cells = new Map<string, number[]>();
  const cellsOf = (key: string | null) => {
    const k = key ?? '';
    let line = cells.get(k);
    if (line === undefined) {
      line = audienceKeys.map(() => 0);
      cells.set(k, line);
    }
    return line;
  };
  for (const r of rows) {
    const line = cellsOf(r.sectorKey);
    line[audienceKeys.indexOf(r.audience)] = (line[audienceKeys.indexOf(r.audience)] ?? 0) + r.n;
  }
  const line = (key: string | null, name: string, headcount: number | null, judged: boolean) => {
    const byAudience = cellsOf(key);
    const count = byAudience.reduce((a, b) => a + b, 0);
    const rate = headcount !== null && headcount > 0 ? count / headcount : null;
    const reason = underReason(count, rate, judged);
    return {
      key,
      name,
      count,
      headcount,
      rate,
      byAudience,
      underRepresented: reason !== '',
      reason,
    };
  };
  const lines: SectorLine[] = sectors.map((s) => line(s.key, s.name, s.headcount, true));
  const known = new Set(sectors.map((s) => s.key));
  // Sectors removed from the trust since people answered still show, without a judgement.
  for (const key of cells.keys())
    if (key !== '' && !known.has(key)) lines.push(line(key, key, null, false));
  lines.push(line(null, NOT_GIVEN, null, false));
  const audiences = audienceKeys.map((key, i) => ({
    key,
    name: version.audiences.find((a) => a.key === key)?.name ?? key,
    count: lines.reduce((sum, l) => sum + (l.byAudience[i] ?? 0), 0),
  }));
  return {
    audiences,
    sectors: lines,
    underRepresented: lines.filter((l) => l.underRepresented),
    total: rows.reduce((sum, r) => sum + r.n, 0),
  };
}

export async function loadMonitoring(
  db: Database,
  trustId: string,
  roundId: string,
  version: FrameworkVersion,
  sectors: SectorRow[],
): Promise<Monitoring> {
  const rows = await db.withTrust(trustId, (tx) => responseCounts(tx, roundId));
  return buildMonitoring(version, sectors, rows);
}

export const NO_HEADCOUNT = 'No headcount';

/**
 * The response rate of each sector as bars, top to bottom in the order of the table, with the
 * 10% line. Responses that did not say their sector have no rate and are left out (the table
 * has them).
 */
export function sectorRateBars(m: Monitoring): BarInput {
  const bars = m.sectors
    .filter((s) => s.key !== null)
    .map((s) => ({ label: s.name, value: ratePercent(s.rate) }));
  return {
    id: 'response-rate-by-sector',
    title: 'Response rate by sector',
    measure: 'Response rate by sector, as a percentage of headcount',
    bars,
    unit: '%',
    max: rateAxisMax(bars.map((b) => b.value)),
    target: MIN_RATE * 100,
    targetLabel: 'Well represented from',
    nullText: NO_HEADCOUNT,
  };
}

/**
 * End of the rate axis: the highest rate (or the 10% line) rounded up to the next 10%, and at
 * least 20%, so that low rates and the 10% line can be told apart rather than squeezed into the
 * first tenth of a 0–100% axis. Over 100% (more responses than headcount) it goes on in 50s.
 */
export function rateAxisMax(values: (number | null)[]): number {
  const top = Math.max(MIN_RATE * 100, ...values.filter((v) => v !== null));
  const step = top > 100 ? 50 : 10;
  return Math.max(20, Math.ceil(top / step) * step);
}

/** The number of responses from each audience as bars, in the version's order. */
export function audienceBars(m: Monitoring): BarInput {
  return {
    id: 'responses-by-audience',
    title: 'Responses by audience',
    measure: 'Number of responses by audience',
    bars: m.audiences.map((a) => ({ label: a.name, value: a.count })),
    unit: 'count',
  };
}

/** One CSV for all the counts: a line per sector with its audiences, then the totals. */
export function monitoringCsv(m: Monitoring): string {
  return toCsv(
    [
      'sector key',
      'sector',
      ...m.audiences.map((a) => a.name),
      'responses',
      'headcount',
      'rate (%)',
      'under-represented',
    ],
    [
      ...m.sectors.map((s) => [
        s.key ?? '',
        s.name,
        ...s.byAudience,
        s.count,
        s.headcount,
        s.rate === null ? null : Math.round(s.rate * 1000) / 10,
        s.underRepresented ? 'yes' : 'no',
      ]),
      ['', 'Total', ...m.audiences.map((a) => a.count), m.total, null, null, ''],
    ],
  );
}
