// Every chart in words: the <desc> of each SVG states every figure it draws, and which are
// withheld, so that a screen reader user has what a sighted user reads off the chart.
// (The data table beside the chart gives the same figures again.)

import { formatNumber, listText } from './text.ts';
import type { BarInput, SpiderInput, StageLabel, TrendInput } from './types.ts';

const WITHHELD_NOTE = 'Scores from fewer than 5 responses are withheld.';

/** Commas between figures, or semicolons where a label has a comma of its own. */
function separator(labels: string[]): string {
  return labels.some((l) => l.includes(',')) ? '; ' : ', ';
}

/** "Fragmented from 1 to under 2, …, Reformed and integrated from 4 to 5". */
function stagesText(stages: StageLabel[], max: number): string {
  const sorted = [...stages].sort((a, b) => a.minScore - b.minScore);
  return sorted
    .map((s, i) => {
      const next = sorted[i + 1];
      const from = formatNumber(s.minScore, Number.isInteger(s.minScore) ? 0 : 1);
      return next === undefined
        ? `${s.name} from ${from} to ${max}`
        : `${s.name} from ${from} to under ${formatNumber(next.minScore, Number.isInteger(next.minScore) ? 0 : 1)}`;
    })
    .join(', ');
}

export function spiderDesc(input: SpiderInput, min: number, max: number): string {
  const sep = separator(input.axes.map((a) => a.label));
  const parts = [
    `Spider diagram of ${input.axes.length} ${input.axes.length === 1 ? 'dimension' : 'dimensions'}, ` +
      `each scored from ${min} to ${max}.`,
  ];
  let anyWithheld = false;
  for (const s of input.series) {
    const shown: string[] = [];
    const withheld: string[] = [];
    input.axes.forEach((a, i) => {
      const v = s.values[i] ?? null;
      if (v === null) withheld.push(a.label);
      else shown.push(`${a.label} ${formatNumber(v, 1)}`);
    });
    const gap = s.gap?.desc ?? 'withheld or no data';
    if (withheld.length > 0 && s.gap === undefined) anyWithheld = true;
    if (shown.length === 0) parts.push(`${s.name}: all ${gap}.`);
    else if (withheld.length === 0) parts.push(`${s.name}: ${shown.join(sep)}.`);
    else parts.push(`${s.name}: ${shown.join(sep)}; ${gap}: ${withheld.join(sep)}.`);
  }
  if (input.series.length === 0) parts.push('No scores to show.');
  if (anyWithheld) parts.push(WITHHELD_NOTE);
  if (input.stages !== undefined && input.stages.length > 0)
    parts.push(`Stages: ${stagesText(input.stages, max)}.`);
  if (input.summary !== undefined) parts.push(input.summary);
  return parts.join(' ');
}

/** `fmt` writes a value as the bars are labelled (a percentage or a count). */
export function barDesc(
  input: BarInput,
  fmt: (v: number) => string,
  nullText: string,
  targetLabel: string,
): string {
  const measure = input.measure ?? input.title;
  const sep = separator(input.bars.map((b) => b.label));
  const items = input.bars.map((b) => {
    const value = b.value === null ? nullText.toLowerCase() : fmt(b.value);
    const target = b.target == null ? '' : ` (${targetLabel.toLowerCase()} ${fmt(b.target)})`;
    return `${b.label} ${value}${target}`;
  });
  const parts = [`Bar chart of ${measure.charAt(0).toLowerCase()}${measure.slice(1)}.`];
  if (items.length > 0) parts.push(`${items.join(sep)}.`);
  else parts.push('No figures to show.');
  if (input.target != null) parts.push(`${targetLabel}: ${fmt(input.target)}.`);
  return parts.join(' ');
}

export function trendDesc(input: TrendInput, min: number, max: number): string {
  const parts = [
    `Line chart of scores from ${min} to ${max} over ${input.rounds.length} ` +
      `${input.rounds.length === 1 ? 'round' : 'rounds'}: ${listText(input.rounds)}.`,
  ];
  const sep = separator(input.rounds);
  const anyWithheld = input.series.some((s) =>
    input.rounds.some((_r, k) => (s.values[k] ?? null) === null),
  );
  for (const s of input.series) {
    const items = input.rounds.map((r, k) => {
      const v = s.values[k] ?? null;
      return `${r} ${v === null ? 'withheld or no data' : formatNumber(v, 1)}`;
    });
    parts.push(`${s.name}: ${items.join(sep)}.`);
  }
  if (input.series.length === 0) parts.push('No scores to show.');
  if (anyWithheld) parts.push(WITHHELD_NOTE);
  return parts.join(' ');
}
