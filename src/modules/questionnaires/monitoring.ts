import type { Database } from '../../db/client.ts';
import type { BarInput } from '../charts/index.ts';
import type { FrameworkVersion } from '../framework/index.ts';
import type { SectorRow } from '../trusts/index.ts';
import { responseCounts, type ResponseCountRow } from './repository.ts';

// Response monitoring: responses of a round by sector against headcount, by audience, and
// sector × audience, with the sectors whose views may be missing from the analysis.
//
// A sector is flagged when (a) it has fewer than 5 responses: the analysis withholds every
// figure of a group under 5 (SPEC §6), so its views cannot be shown on their own; or (b) its
// response rate is under half the round's overall response rate (responses over headcount of
// the sectors whose headcount is known): it is answering far less than the others, so the
// trust's figures lean away from it. A fixed bar such as 10% of headcount flags every sector
// early in a round and none late, whatever the balance; this compares sectors with each other.

export const MIN_RESPONSES = 5;
/** A sector is under-represented below this share of the overall response rate. */
export const UNDER_SHARE = 0.5;
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
  /** Response rate under half the overall rate. */
  underRepresented: boolean;
  /** Fewer than 5 responses: withheld in the analysis. */
  tooFew: boolean;
  /** Why it is flagged, in words (empty when not flagged). */
  reason: string;
}

export interface Monitoring {
  audiences: { key: string; name: string; count: number }[];
  sectors: SectorLine[];
  /** The sectors flagged either way. */
  underRepresented: SectorLine[];
  total: number;
  /** Responses over headcount of the trust's sectors with a known headcount; null if none. */
  overallRate: number | null;
  /** The rate under which a sector is under-represented (half the overall); null if none. */
  threshold: number | null;
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

export interface SectorFlag {
  tooFew: boolean;
  underRepresented: boolean;
  reason: string;
}

/**
 * The flags of a sector with `count` responses and response rate `rate` (null: headcount not
 * known), when the round's overall rate is `overall` (null: no headcount known at all).
 */
export function flagSector(count: number, rate: number | null, overall: number | null): SectorFlag {
  const tooFew = count < MIN_RESPONSES;
  const underRepresented =
    rate !== null && overall !== null && overall > 0 && rate < overall * UNDER_SHARE;
  const reasons: string[] = [];
  if (tooFew)
    reasons.push(
      `${count === 1 ? '1 response' : `${count.toLocaleString('en-GB')} responses`}: its figures are withheld until it has ${MIN_RESPONSES}`,
    );
  if (underRepresented)
    reasons.push(
      `a response rate of ${percent(rate)}, under half the overall rate of ${percent(overall)}`,
    );
  return { tooFew, underRepresented, reason: reasons.join('; and ') };
}

/** Responses over headcount of the sectors whose headcount is known (and not 0). */
export function overallRate(lines: { count: number; headcount: number | null }[]): number | null {
  const counted = lines.filter((l) => l.headcount !== null && l.headcount > 0);
  const heads = counted.reduce((sum, l) => sum + (l.headcount ?? 0), 0);
  return heads === 0 ? null : counted.reduce((sum, l) => sum + l.count, 0) / heads;
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
  const line = (key: string | null, name: string, headcount: number | null) => {
    const byAudience = cellsOf(key);
    const count = byAudience.reduce((a, b) => a + b, 0);
    const rate = headcount !== null && headcount > 0 ? count / headcount : null;
    return { key, name, count, headcount, rate, byAudience };
  };
  const trust = sectors.map((s) => line(s.key, s.name, s.headcount));
  const overall = overallRate(trust);
  const noFlag = { tooFew: false, underRepresented: false, reason: '' };
  const lines: SectorLine[] = trust.map((l) => ({ ...l, ...flagSector(l.count, l.rate, overall) }));
  const known = new Set(sectors.map((s) => s.key));
  // Sectors removed from the trust since people answered still show, without a judgement.
  for (const key of cells.keys())
    if (key !== '' && !known.has(key)) lines.push({ ...line(key, key, null), ...noFlag });
  lines.push({ ...line(null, NOT_GIVEN, null), ...noFlag });
  const audiences = audienceKeys.map((key, i) => ({
    key,
    name: version.audiences.find((a) => a.key === key)?.name ?? key,
    count: lines.reduce((sum, l) => sum + (l.byAudience[i] ?? 0), 0),
  }));
  return {
    audiences,
    sectors: lines,
    underRepresented: lines.filter((l) => l.underRepresented || l.tooFew),
    total: rows.reduce((sum, r) => sum + r.n, 0),
    overallRate: overall,
    threshold: overall === null || overall === 0 ? null : overall * UNDER_SHARE,
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
 * The response rate of each sector as bars, top to bottom in the order of the table, with a
 * line at half the overall rate. Responses that did not say their sector have no rate and are
 * left out (the table has them).
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
    target: ratePercent(m.threshold),
    targetLabel: 'Under-represented below',
    nullText: NO_HEADCOUNT,
  };
}

/**
 * End of the rate axis: the highest rate rounded up to the next 10%, and at least 20%, so that
 * low rates can be told apart rather than squeezed into the first tenth of a 0–100% axis. Over
 * 100% (more responses than headcount) it goes on in 50s.
 */
export function rateAxisMax(values: (number | null)[]): number {
  const top = Math.max(0, ...values.filter((v) => v !== null));
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
