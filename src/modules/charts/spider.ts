// The spider (radar) diagram of one framework area: one axis per dimension, rings at every
// whole number of the scale, one closed line per series. A null value breaks the line on
// both sides of its axis (nothing is drawn there); a series with no values is left out of
// the drawing and named in a note. The description names every figure and every withheld one.
// Nothing is written on the plot but the spokes' names: the rings' scores and the stages are
// on a scale under it (spider-scale.ts). Two layouts: wide (names at the spokes) and narrow
// (for a phone: numbered spokes, the names listed under the plot), each legible where shown.

import { spiderDesc } from './describe.ts';
import { renderSvg, type EChartsOption } from './echarts.ts';
import {
  keyLines,
  lineCount,
  NOTE_LINE,
  scaleGraphics,
  scaleHeight,
  textBlocks,
} from './spider-scale.ts';
import {
  baseText,
  GRID_FILL,
  GRID_LINE,
  LEGEND_ICON,
  lineSeries,
  SERIES_STYLES,
  seriesLegend,
  WHITE,
} from './styles.ts';
import { finishSvg } from './svg.ts';
import { legendRows, listText, wrapLabel } from './text.ts';
import type { SpiderInput, SpiderSeries } from './types.ts';

interface Layout {
  width: number;
  radius: number;
  /** Room above and below the plot for the spokes' names. */
  labelSpace: number;
  /** Spokes numbered, their names listed under the plot. */
  numbered: boolean;
  cx: number;
  cy: number;
  /** Characters in a line of the notes. */
  chars: number;
}

function layoutOf(input: SpiderInput): Layout {
  const narrow = input.layout === 'narrow';
  const width = narrow ? 340 : 640;
  const radius = narrow ? 118 : 165;
  // Wide: three lines of 14px names above and below the plot; narrow: one number.
  const labelSpace = narrow ? 26 : 56;
  return {
    width,
    radius,
    labelSpace,
    numbered: narrow,
    cx: width / 2,
    cy: 16 + labelSpace + radius,
    chars: Math.floor((width - 40) / 7.6),
  };
}

interface Scale {
  min: number;
  max: number;
  /** Number of axes. */
  n: number;
  step: number;
  /** The value at the centre of the diagram. */
  centre: number;
  rings: number;
}

function scaleOf(input: SpiderInput): Scale {
  const min = input.min ?? 1;
  const max = input.max ?? 5;
  const step = max - min >= 1 ? (max - min) / Math.max(1, Math.round(max - min)) : max - min;
  // The centre is one step below the minimum, so a score at the minimum sits on a ring and
  // cannot be mistaken for the centre.
  const centre = min - step;
  const rings = Math.round((max - centre) / step);
  return { min, max, n: input.axes.length, step, centre, rings };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function angleOf(i: number, n: number): number {
  return Math.PI / 2 - (i * 2 * Math.PI) / Math.max(1, n);
}

/** Where a value on axis i sits, in the unit square around the centre. */
function pointOf(value: number, i: number, scale: Scale): [number, number] {
  const { max, centre, n } = scale;
  const r = (Math.min(max, Math.max(centre, value)) - centre) / (max - centre);
  return [round(r * Math.cos(angleOf(i, n))), round(r * Math.sin(angleOf(i, n)))];
}

/** The notes under the legend: what a gap means, and which series are not drawn. */
function notesOf(input: SpiderInput, drawn: SpiderSeries[], chars: number): string[] {
  const gapIn = (s: SpiderSeries) => input.axes.some((_a, i) => (s.values[i] ?? null) === null);
  const notDrawn = input.series.filter((s) => s.values.every((v) => v === null));
  const notes: string[] = [];
  if (drawn.some((s) => s.gap === undefined && gapIn(s)))
    notes.push('A gap in a line: withheld (fewer than 5 responses) or no data.');
  for (const s of drawn) if (s.gap !== undefined && gapIn(s)) notes.push(s.gap.note);
  if (notDrawn.length > 0)
    notes.push(`Not shown (withheld or no data): ${listText(notDrawn.map((s) => s.name))}.`);
  return notes.map((note) => wrapLabel(note, chars, 4));
}

/** One closed line per drawn series, broken at every null value. */
function spiderLines(drawn: SpiderSeries[], scale: Scale) {
  const { n } = scale;
  return drawn.map((s) => {
    const style = SERIES_STYLES[s.kind];
    const data: ({ value: [number, number]; symbol?: string } | null)[] = [];
    for (let i = 0; i <= n; i++) {
      const v = s.values[i % n] ?? null;
      if (v === null) data.push(null);
      else if (i === n) data.push({ value: pointOf(v, 0, scale), symbol: 'none' });
      else data.push({ value: pointOf(v, i, scale) });
    }
    return {
      ...lineSeries(
        s.name,
        data.map((d) => d ?? '-'),
        style,
      ),
      z: 3,
    };
  });
}

function radar(input: SpiderInput, scale: Scale, layout: Layout) {
  return {
    center: [layout.cx, layout.cy],
    radius: layout.radius,
    startAngle: 90,
    clockwise: true,
    splitNumber: scale.rings,
    shape: 'polygon' as const,
    axisNameGap: layout.numbered ? 8 : 10,
    axisName: layout.numbered
      ? { ...baseText, fontSize: 16, fontWeight: 'bold' as const }
      : { ...baseText, lineHeight: 17 },
    indicator: input.axes.map((a, i) => ({
      name: layout.numbered ? String(i + 1) : wrapLabel(a.label, 18, 3),
      min: scale.centre,
      max: scale.max,
    })),
    axisLine: { lineStyle: { color: GRID_LINE, width: 1 } },
    splitLine: { lineStyle: { color: GRID_LINE, width: 1 } },
    splitArea: { areaStyle: { color: [GRID_FILL, WHITE] } },
    axisLabel: { show: false },
    axisTick: { show: false },
  };
}

/** Where each block under the plot starts, and the height of the whole chart. */
function blocksOf(input: SpiderInput, layout: Layout, drawn: SpiderSeries[]) {
  const key = layout.numbered
    ? keyLines(
        input.axes.map((a) => a.label),
        layout.chars,
      )
    : [];
  const notes = notesOf(input, drawn, layout.chars);
  const keyTop = layout.cy + layout.radius + layout.labelSpace + 10;
  const scaleTop = keyTop + (key.length > 0 ? lineCount(key) * NOTE_LINE + 14 : 0);
  const legendTop = scaleTop + scaleHeight(input.stages, layout.numbered) + 12;
  const rows = layout.numbered
    ? drawn.length
    : legendRows(
        drawn.map((s) => s.name),
        layout.width - 40,
        LEGEND_ICON,
      );
  const noteTop = legendTop + rows * 26 + 10;
  const height = noteTop + lineCount(notes) * NOTE_LINE + (notes.length > 0 ? 10 : 0);
  return { key, notes, keyTop, scaleTop, legendTop, noteTop, height };
}

export function renderSpider(input: SpiderInput): string {
  const scale = scaleOf(input);
  const layout = layoutOf(input);
  const drawn = input.series.filter((s) => s.values.some((v) => v !== null));
  const b = blocksOf(input, layout, drawn);
  const { cx, cy, radius, width } = layout;
  const rings = Array.from({ length: scale.rings }, (_v, k) => scale.centre + (k + 1) * scale.step);
  const option: EChartsOption = {
    backgroundColor: WHITE,
    textStyle: baseText,
    radar: radar(input, scale, layout),
    grid: {
      left: cx - radius,
      top: cy - radius,
      width: 2 * radius,
      height: 2 * radius,
      show: false,
    },
    xAxis: { type: 'value', min: -1, max: 1, show: false },
    yAxis: { type: 'value', min: -1, max: 1, show: false },
    legend: seriesLegend(
      drawn.map((s) => s.name),
      b.legendTop,
      width,
      layout.numbered,
    ),
    graphic: [
      ...textBlocks(b.key, b.keyTop, 20),
      ...scaleGraphics(
        { values: rings },
        input.stages,
        b.scaleTop,
        28,
        width - 56,
        layout.numbered,
      ),
      ...textBlocks(b.notes, b.noteTop, 20),
    ],
    series: spiderLines(drawn, scale),
  };
  const narrow = layout.numbered;
  return finishSvg(renderSvg(option, width, b.height), {
    id: narrow ? `${input.id}-narrow` : input.id,
    title: input.title,
    desc: spiderDesc(input, scale.min, scale.max),
    kind: 'spider',
    ...(narrow ? { variant: 'narrow' as const } : {}),
  });
}
