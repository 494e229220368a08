// The spider (radar) diagram of one framework area: one axis per dimension, rings at every
// whole number of the scale, one closed line per series. A null value breaks the line on
// both sides of its axis (nothing is drawn there); a series with no values is left out of
// the drawing and named in a note. The description names every figure and every withheld one.

import { spiderDesc } from './describe.ts';
import { renderSvg, type EChartsOption } from './echarts.ts';
import {
  baseText,
  FONT,
  GRID_FILL,
  GRID_LINE,
  lineSeries,
  SERIES_STYLES,
  seriesLegend,
  TEXT,
  WHITE,
  WIDTH,
} from './styles.ts';
import { finishSvg } from './svg.ts';
import { formatNumber, legendRows, listText, wrapLabel } from './text.ts';
import type { SpiderInput, SpiderSeries } from './types.ts';

const RADIUS = 165;
/** Room for three lines of 14px text above and below the diagram. */
const LABEL_SPACE = 56;
const CX = WIDTH / 2;
const CY = 16 + LABEL_SPACE + RADIUS;

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
function notesOf(hasGap: boolean, notDrawn: SpiderSeries[]): string[] {
  const notes: string[] = [];
  if (hasGap) {
    notes.push('A gap in a line: withheld (fewer than 5 responses) or no data.');
  }
  if (notDrawn.length > 0) {
    notes.push(
      wrapLabel(
        `Not shown (withheld or no data): ${listText(notDrawn.map((s) => s.name))}.`,
        76,
        4,
      ),
    );
  }
  return notes;
}

function lineCount(notes: string[]): number {
  return notes.reduce((sum, note) => sum + note.split('\n').length, 0);
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

/**
 * Ring values sit halfway along the rings' edges between the first two axes, away from the
 * markers, with a white halo so that a line passing under them does not hide them.
 */
function ringLabels(scale: Scale) {
  const { n, rings, centre, step } = scale;
  const mid = angleOf(0, n) - Math.PI / Math.max(2, n);
  const edge = Math.cos(Math.PI / Math.max(2, n));
  return Array.from({ length: rings }, (_v, k) => {
    const value = centre + (k + 1) * step;
    const r = ((k + 1) / rings) * RADIUS * edge;
    return {
      type: 'text' as const,
      silent: true,
      x: round(CX + r * Math.cos(mid)),
      y: round(CY - r * Math.sin(mid)),
      z: 10,
      style: {
        text: formatNumber(value, Number.isInteger(value) ? 0 : 1),
        fill: TEXT,
        stroke: WHITE,
        lineWidth: 3,
        fontSize: 12,
        fontFamily: FONT,
        align: 'center' as const,
        verticalAlign: 'middle' as const,
      },
    };
  });
}

function noteTexts(notes: string[], noteTop: number) {
  return notes.map((text, k) => ({
    type: 'text' as const,
    silent: true,
    left: 20,
    top: noteTop + lineCount(notes.slice(0, k)) * 19,
    style: { text, fill: TEXT, fontSize: 14, lineHeight: 19, fontFamily: FONT },
  }));
}

function radar(input: SpiderInput, scale: Scale) {
  return {
    center: [CX, CY],
    radius: RADIUS,
    startAngle: 90,
    clockwise: true,
    splitNumber: scale.rings,
    shape: 'polygon' as const,
    axisNameGap: 10,
    axisName: { ...baseText, lineHeight: 17 },
    indicator: input.axes.map((a) => ({
      name: wrapLabel(a.label, 18, 3),
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

export function renderSpider(input: SpiderInput): string {
  const scale = scaleOf(input);
  const drawn = input.series.filter((s) => s.values.some((v) => v !== null));
  const notDrawn = input.series.filter((s) => s.values.every((v) => v === null));
  const hasGap = drawn.some((s) => input.axes.some((_a, i) => (s.values[i] ?? null) === null));

  const legendTop = CY + RADIUS + LABEL_SPACE + 14;
  const rows = legendRows(
    drawn.map((s) => s.name),
    WIDTH - 40,
    40,
  );
  const notes = notesOf(hasGap, notDrawn);
  const noteTop = legendTop + rows * 26 + 10;
  const height = noteTop + lineCount(notes) * 19 + (notes.length > 0 ? 10 : 0);

  const option: EChartsOption = {
    backgroundColor: WHITE,
    textStyle: baseText,
    radar: radar(input, scale),
    grid: {
      left: CX - RADIUS,
      top: CY - RADIUS,
      width: 2 * RADIUS,
      height: 2 * RADIUS,
      show: false,
    },
    xAxis: { type: 'value', min: -1, max: 1, show: false },
    yAxis: { type: 'value', min: -1, max: 1, show: false },
    legend: seriesLegend(
      drawn.map((s) => s.name),
      legendTop,
    ),
    graphic: [...ringLabels(scale), ...noteTexts(notes, noteTop)],
    series: spiderLines(drawn, scale),
  };

  return finishSvg(renderSvg(option, WIDTH, height), {
    id: input.id,
    title: input.title,
    desc: spiderDesc(input, scale.min, scale.max),
    kind: 'spider',
  });
}
