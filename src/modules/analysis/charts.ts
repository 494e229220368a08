// Charts drawn on the server as SVG: spider diagrams of a framework area, horizontal bars
// (response rates and counts) and trends over rounds.
//
// Every chart is a self-contained <svg role="img"> whose first children are a <title> and a
// <desc> stating every figure in words. The markup carries no style attributes, <style>
// elements, scripts or event handlers (the pages run under a strict Content-Security-Policy):
// everything that matters is an SVG presentation attribute, and src/web/static/charts.css only
// sizes the chart. Series are told apart by colour, line dash pattern and marker shape, so a
// chart still reads when printed in black and white.
//
// Put a chart in a container with the class `ocw-chart` and the data table beside it:
//   <figure class="ocw-chart">{{ svg | safe }}<figcaption>…</figcaption></figure>

import { createHash } from 'node:crypto';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  SVGRenderer,
]);

// ---------------------------------------------------------------------------------------------
// Public types

/** What a series shows; each kind has its own colour, dash pattern and marker. */
export type SeriesKind =
  'agreed' | 'leaders' | 'frontline' | 'children-families' | 'previous' | 'national' | 'other';

export interface SpiderSeries {
  /** Shown in the legend and the description, e.g. "Leaders and managers". */
  name: string;
  /** One value per axis, in the order of `axes`; null = withheld (fewer than 5 responses) or no data. */
  values: (number | null)[];
  kind: SeriesKind;
}

export interface SpiderInput {
  /** Unique on the page; the <title> and <desc> ids are `${id}-title` and `${id}-desc`. */
  id: string;
  title: string;
  /** The area's dimensions, clockwise from the top. Long labels are wrapped and shortened. */
  axes: { key: string; label: string }[];
  series: SpiderSeries[];
  /** Scale, 1 to 5 unless told; there is a ring at every whole number from min to max. */
  min?: number;
  max?: number;
}

export interface Bar {
  label: string;
  /** null = withheld or no data: no bar is drawn and the bar is labelled `nullText`. */
  value: number | null;
  /** A marker on this bar, e.g. the number of people invited. */
  target?: number | null;
}

export interface BarInput {
  /** Unique on the page; the <title> and <desc> ids are `${id}-title` and `${id}-desc`. */
  id: string;
  title: string;
  /** Top to bottom. */
  bars: Bar[];
  /** '%' (default): values are percentages, axis 0–100 unless `max`; 'count': whole numbers. */
  unit?: '%' | 'count';
  /** End of the value axis; default 100 for percentages, otherwise rounded up from the data. */
  max?: number;
  /** One target for every bar, drawn as a dashed line across the chart. */
  target?: number | null;
  /** Name of the target line and per-bar markers in the legend and description (default "Target"). */
  targetLabel?: string;
  /** What the bars measure, for the description, e.g. "Response rate" (default: the title). */
  measure?: string;
  /** Text shown where a value is null (default "No data"). */
  nullText?: string;
}

export interface TrendSeries {
  /** e.g. the area name. */
  name: string;
  /** One value per round, in the order of `rounds`; null = withheld or no data (a gap). */
  values: (number | null)[];
  /** The area's colour: its line is drawn in (a darker shade of) that colour. */
  area?: AreaColour;
  /** Or the style of this kind (e.g. 'national'); with neither, series are styled in turn. */
  kind?: SeriesKind;
}

export interface TrendInput {
  /** Unique on the page; the <title> and <desc> ids are `${id}-title` and `${id}-desc`. */
  id: string;
  title: string;
  /** The x axis, oldest first. */
  rounds: string[];
  series: TrendSeries[];
  /** Scale of the y axis, 1 to 5 unless told. */
  min?: number;
  max?: number;
}

export interface SeriesStyle {
  colour: string;
  /** Dash pattern (SVG stroke-dasharray lengths); null for a solid line. */
  dash: number[] | null;
  /** echarts symbol name or 'path://…'. */
  symbol: string;
  /** Human name of the marker, for documentation and tests. */
  marker: string;
  lineWidth: number;
}

// ---------------------------------------------------------------------------------------------
// Look

const TEXT = '#0b0c0c';
const FONT = 'arial, sans-serif';
const WHITE = '#ffffff';
const GRID_LINE = '#8e9499';
const GRID_FILL = '#f3f2f1';
const WIDTH = 640;

/** A plus sign, drawn filled (echarts path symbols are scaled to the symbol size). */
const PLUS = 'path://M3 0h4v3h3v4h-3v3h-4v-3h-3v-4h3z';

/** Colours from the GOV.UK palette, each at least 3:1 against white. */
export const SERIES_STYLES: Readonly<Record<SeriesKind, SeriesStyle>> = {
  agreed: { colour: '#1d70b8', dash: null, symbol: 'circle', marker: 'circle', lineWidth: 3 },
  leaders: { colour: '#4c2c92', dash: [8, 4], symbol: 'rect', marker: 'square', lineWidth: 2 },
  frontline: {
    colour: '#00703c',
    dash: [2, 3],
    symbol: 'triangle',
    marker: 'triangle',
    lineWidth: 2.5,
  },
  'children-families': {
    colour: '#d4351c',
    dash: [10, 3, 2, 3],
    symbol: 'diamond',
    marker: 'diamond',
    lineWidth: 2,
  },
  previous: {
    colour: '#505a5f',
    dash: [5, 3],
    symbol: 'emptyCircle',
    marker: 'hollow circle',
    lineWidth: 2,
  },
  national: { colour: TEXT, dash: [14, 4], symbol: PLUS, marker: 'plus', lineWidth: 2 },
  other: {
    colour: '#912b88',
    dash: [6, 2, 2, 2, 2, 2],
    symbol: 'emptyRect',
    marker: 'hollow square',
    lineWidth: 2,
  },
};

/** The framework's area colours, in rainbow order. */
export type AreaColour = 'red' | 'orange' | 'yellow' | 'green' | 'blue' | 'indigo' | 'violet';

/**
 * Styles of the areas' lines in a trend chart: a darker shade of each area's colour where its
 * own is too light to see against white (orange, yellow), and a dash pattern and marker each.
 */
export const AREA_STYLES: Readonly<Record<AreaColour, SeriesStyle>> = {
  red: { ...SERIES_STYLES.agreed, colour: '#d4351c' },
  orange: { ...SERIES_STYLES.leaders, colour: '#b35c00' },
  yellow: { ...SERIES_STYLES.frontline, colour: '#8a6d00' },
  green: { ...SERIES_STYLES['children-families'], colour: '#00703c' },
  blue: { ...SERIES_STYLES.previous, colour: '#1d70b8' },
  indigo: { ...SERIES_STYLES.national, colour: '#4c2c92' },
  violet: { ...SERIES_STYLES.other, colour: '#912b88' },
};

/** Styles taken in turn by trend series that name neither an area colour nor a kind. */
export const TREND_STYLES: readonly SeriesStyle[] = [
  AREA_STYLES.red,
  AREA_STYLES.orange,
  AREA_STYLES.yellow,
  AREA_STYLES.green,
  AREA_STYLES.blue,
  AREA_STYLES.indigo,
  AREA_STYLES.violet,
  SERIES_STYLES.previous,
];

const BAR_COLOUR = '#1d70b8';

// ---------------------------------------------------------------------------------------------
// Cache

const CACHE_SIZE = 300;
const cache = new Map<string, string>();

function cached(kind: string, input: unknown, render: () => string): string {
  const key = createHash('sha1')
    .update(kind)
    .update('\0')
    .update(JSON.stringify(input))
    .digest('hex');
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const svg = render();
  cache.set(key, svg);
  if (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  return svg;
}

/** Empties the cache of rendered charts (for tests). */
export function clearChartCache(): void {
  cache.clear();
}

// ---------------------------------------------------------------------------------------------
// Text helpers

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Keeps ids usable in HTML and CSS selectors. */
function safeId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_-]/g, '-');
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `chart-${cleaned}`;
}

/** Breaks a label into at most `lines` lines of about `width` characters, shortening with "…". */
export function wrapLabel(label: string, width: number, lines: number): string {
  const words = label.trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line === '' ? word : `${line} ${word}`;
    if (next.length <= width || line === '') {
      line = next;
    } else {
      out.push(line);
      line = word;
    }
  }
  if (line !== '') out.push(line);
  const kept = out.slice(0, lines).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (out.length > lines) {
    const last = kept[lines - 1] ?? '';
    kept[lines - 1] = `${last.length >= width ? last.slice(0, width - 1) : last}…`;
  }
  return kept.join('\n');
}

/** Rough width of a line of text (echarts measures the same way when it has no canvas). */
function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += /[ilj.,:;'|!1]/.test(ch) ? 0.3 : /[mwMW]/.test(ch) ? 0.85 : 0.58;
  return w * fontSize;
}

function formatNumber(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

// ---------------------------------------------------------------------------------------------
// SVG post-processing

/** CSS properties echarts writes into style attributes, kept as presentation attributes. */
const PRESENTATION = new Set([
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
]);

/** Splits the CSS `font` shorthand that echarts writes for some texts. */
function expandFont(style: string): string {
  return style.replace(
    /(^|;)\s*font\s*:\s*(?:(italic|oblique|normal)\s+)?(?:(bold|bolder|lighter|normal|\d{3})\s+)?([\d.]+)px(?:\/[\d.]+px)?\s+([^;]+)/i,
    (_m, lead: string, fontStyle?: string, weight?: string, size?: string, family?: string) =>
      `${lead}font-size:${size ?? ''}px;font-family:${family ?? ''}` +
      (fontStyle !== undefined ? `;font-style:${fontStyle}` : '') +
      (weight !== undefined ? `;font-weight:${weight}` : ''),
  );
}

function styleToAttributes(style: string, existing: string): string {
  const attrs: string[] = [];
  for (const decl of expandFont(style).split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const prop = decl.slice(0, colon).trim().toLowerCase();
    let value = decl.slice(colon + 1).trim();
    if (!PRESENTATION.has(prop) || value === '') continue;
    if (new RegExp(`\\s${prop}="`).test(existing)) continue;
    if (prop === 'font-size') value = value.replace(/px$/, '');
    if (prop === 'font-family') value = FONT;
    if (/[<>"]|url\(|expression/i.test(value)) continue;
    attrs.push(`${prop}="${value}"`);
  }
  return attrs.length > 0 ? ` ${attrs.join(' ')}` : '';
}

interface Finish {
  id: string;
  title: string;
  desc: string;
  kind: 'spider' | 'bar' | 'trend';
}

/**
 * Turns echarts' SVG into one that passes the page's CSP and reads well with assistive
 * technology: removes <style>, style attributes, scripts, event handlers and echarts' own
 * metadata; names ids after the chart; adds role, title and desc; drops the fixed size.
 */
function finishSvg(raw: string, f: Finish): string {
  const id = safeId(f.id);
  let svg = raw
    .replace(/<style[\s\S]*?<\/style\s*>/gi, '')
    .replace(/<script[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<(script|style)\b[^>]*\/?>/gi, '')
    .replace(/\s(ecmeta_[a-z_]+|pointer-events|on[a-z]+)="[^"]*"/gi, '')
    .replace(/\sclass="zr\d+-cls-\d+"/g, '');

  // Style attributes become presentation attributes.
  svg = svg.replace(
    /<([a-zA-Z]+)((?:\s[^>]*?)?)\sstyle="([^"]*)"([^>]*)>/g,
    (_m, tag: string, before: string, style: string, after: string) => {
      const rest = `${before}${after}`;
      return `<${tag}${before}${styleToAttributes(style, rest)}${after}>`;
    },
  );

  // Ids (clip paths, gradients) are renamed in order of appearance, so they are deterministic
  // and cannot clash with another chart on the page.
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    const old = m[1];
    if (old !== undefined && !ids.has(old)) ids.set(old, `${id}-d${ids.size}`);
  }
  if (ids.size > 0) {
    svg = svg
      .replace(/\sid="([^"]+)"/g, (_m, old: string) => ` id="${ids.get(old) ?? old}"`)
      .replace(/url\(#([^)]+)\)/g, (_m, old: string) => `url(#${ids.get(old) ?? old})`)
      .replace(
        /(\s(?:xlink:)?href)="#([^"]+)"/g,
        (_m, attr: string, old: string) => `${attr}="#${ids.get(old) ?? old}"`,
      );
  }

  // Root: viewBox only (charts.css sizes it), role and accessible name, then title and desc.
  svg = svg.replace(/<svg\b([^>]*)>/, (_m, attrs: string) => {
    const viewBox = /viewBox="([^"]*)"/.exec(attrs)?.[1] ?? '';
    const xlink = raw.includes('xlink:') ? ' xmlns:xlink="http://www.w3.org/1999/xlink"' : '';
    return (
      `<svg xmlns="http://www.w3.org/2000/svg"${xlink} viewBox="${viewBox}" ` +
      `class="ocw-chart__svg ocw-chart__svg--${f.kind}" role="img" ` +
      `aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
      `<title id="${id}-title">${escapeXml(f.title)}</title>` +
      `<desc id="${id}-desc">${escapeXml(f.desc)}</desc>`
    );
  });
  return svg.replace(/>\s*\n\s*/g, '>\n').trim();
}

function render(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const baseText = { color: TEXT, fontFamily: FONT, fontSize: 14 } as const;

function lineStyleOf(style: SeriesStyle) {
  return {
    color: style.colour,
    width: style.lineWidth,
    type: style.dash ?? ('solid' as const),
    cap: 'butt' as const,
  };
}

function itemStyleOf(style: SeriesStyle) {
  return { color: style.colour, borderColor: WHITE, borderWidth: 1, opacity: 1 };
}

function legendRows(names: string[], available: number, iconWidth: number): number {
  let rows = 1;
  let x = 0;
  for (const name of names) {
    const w = iconWidth + 5 + textWidth(name, 14) + 20;
    if (x > 0 && x + w > available) {
      rows += 1;
      x = 0;
    }
    x += w;
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Spider diagram

/**
 * A radar (spider) diagram of one framework area: one axis per dimension, rings at every
 * whole number of the scale, one closed line per series. A null value breaks the line on
 * both sides of its axis (nothing is drawn there); a series with no values is left out of
 * the drawing. The description names every figure and every withheld one.
 */
/** A line series with every point marked, gaps left open, and no hover effects. */
function lineSeries<T>(name: string, data: T[], style: SeriesStyle) {
  return {
    type: 'line' as const,
    name,
    data,
    connectNulls: false,
    clip: false,
    silent: true,
    symbol: style.symbol,
    symbolSize: style.symbol === PLUS ? 11 : 9,
    showSymbol: true,
    showAllSymbol: true,
    lineStyle: lineStyleOf(style),
    itemStyle: itemStyleOf(style),
    emphasis: { disabled: true },
  };
}

export function spiderChart(input: SpiderInput): string {
  return cached('spider', input, () => renderSpider(input));
}

function renderSpider(input: SpiderInput): string {
  const min = input.min ?? 1;
  const max = input.max ?? 5;
  const n = input.axes.length;
  const step = max - min >= 1 ? (max - min) / Math.max(1, Math.round(max - min)) : max - min;
  // The centre is one step below the minimum, so a score at the minimum sits on a ring and
  // cannot be mistaken for the centre.
  const centre = min - step;
  const rings = Math.round((max - centre) / step);

  const drawn = input.series.filter((s) => s.values.some((v) => v !== null));
  const notDrawn = input.series.filter((s) => s.values.every((v) => v === null));
  const hasGap = drawn.some((s) => input.axes.some((_a, i) => (s.values[i] ?? null) === null));

  const radius = 165;
  const labelSpace = 56; // three lines of 14px text above and below
  const cx = WIDTH / 2;
  const cy = 16 + labelSpace + radius;
  const legendTop = cy + radius + labelSpace + 14;
  const rows = legendRows(
    drawn.map((s) => s.name),
    WIDTH - 40,
    40,
  );
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
  const noteTop = legendTop + rows * 26 + 10;
  const noteLines = notes.reduce((sum, note) => sum + note.split('\n').length, 0);
  const height = noteTop + noteLines * 19 + (notes.length > 0 ? 10 : 0);

  const angleOf = (i: number) => Math.PI / 2 - (i * 2 * Math.PI) / Math.max(1, n);
  const point = (value: number, i: number): [number, number] => {
    const r = (Math.min(max, Math.max(centre, value)) - centre) / (max - centre);
    return [round(r * Math.cos(angleOf(i))), round(r * Math.sin(angleOf(i)))];
  };

  const series = drawn.map((s) => {
    const style = SERIES_STYLES[s.kind];
    const data: ({ value: [number, number]; symbol?: string } | null)[] = [];
    for (let i = 0; i <= n; i++) {
      const v = s.values[i % n] ?? null;
      if (v === null) data.push(null);
      else if (i === n) data.push({ value: point(v, 0), symbol: 'none' });
      else data.push({ value: point(v, i) });
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

  // Ring values sit halfway along the rings' edges between the first two axes, away from the
  // markers, with a white halo so that a line passing under them does not hide them.
  const mid = angleOf(0) - Math.PI / Math.max(2, n);
  const edge = Math.cos(Math.PI / Math.max(2, n));
  const ringLabels = Array.from({ length: rings }, (_v, k) => {
    const value = centre + (k + 1) * step;
    const r = ((k + 1) / rings) * radius * edge;
    return {
      type: 'text' as const,
      silent: true,
      x: round(cx + r * Math.cos(mid)),
      y: round(cy - r * Math.sin(mid)),
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
  const noteTexts = notes.map((text, k) => ({
    type: 'text' as const,
    silent: true,
    left: 20,
    top: noteTop + notes.slice(0, k).reduce((sum, note) => sum + note.split('\n').length, 0) * 19,
    style: { text, fill: TEXT, fontSize: 14, lineHeight: 19, fontFamily: FONT },
  }));

  const option: EChartsOption = {
    backgroundColor: WHITE,
    textStyle: baseText,
    radar: {
      center: [cx, cy],
      radius,
      startAngle: 90,
      clockwise: true,
      splitNumber: rings,
      shape: 'polygon',
      axisNameGap: 10,
      axisName: { ...baseText, lineHeight: 17 },
      indicator: input.axes.map((a) => ({
        name: wrapLabel(a.label, 18, 3),
        min: centre,
        max,
      })),
      axisLine: { lineStyle: { color: GRID_LINE, width: 1 } },
      splitLine: { lineStyle: { color: GRID_LINE, width: 1 } },
      splitArea: { areaStyle: { color: [GRID_FILL, WHITE] } },
      axisLabel: { show: false },
      axisTick: { show: false },
    },
    grid: {
      left: cx - radius,
      top: cy - radius,
      width: 2 * radius,
      height: 2 * radius,
      show: false,
    },
    xAxis: { type: 'value', min: -1, max: 1, show: false },
    yAxis: { type: 'value', min: -1, max: 1, show: false },
    legend: {
      show: drawn.length > 0,
      top: legendTop,
      left: 'center',
      width: WIDTH - 40,
      itemWidth: 40,
      itemHeight: 12,
      itemGap: 20,
      textStyle: baseText,
      selectedMode: false,
      data: drawn.map((s) => s.name),
    },
    graphic: [...ringLabels, ...noteTexts],
    series,
  };

  const svg = render(option, WIDTH, height);
  return finishSvg(svg, {
    id: input.id,
    title: input.title,
    desc: spiderDesc(input, min, max),
    kind: 'spider',
  });
}

/** Commas between figures, or semicolons where a label has a comma of its own. */
function separator(labels: string[]): string {
  return labels.some((l) => l.includes(',')) ? '; ' : ', ';
}

function spiderDesc(input: SpiderInput, min: number, max: number): string {
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
    if (withheld.length > 0) anyWithheld = true;
    if (shown.length === 0) parts.push(`${s.name}: all withheld or no data.`);
    else if (withheld.length === 0) parts.push(`${s.name}: ${shown.join(sep)}.`);
    else {
      parts.push(`${s.name}: ${shown.join(sep)}; withheld or no data: ${withheld.join(sep)}.`);
    }
  }
  if (input.series.length === 0) parts.push('No scores to show.');
  if (anyWithheld) parts.push('Scores from fewer than 5 responses are withheld.');
  return parts.join(' ');
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

// ---------------------------------------------------------------------------------------------
// Horizontal bars

/**
 * Horizontal bars, one per row, top to bottom, each labelled with its value (e.g. the response
 * rate by sector). Optional: one target line for all bars, and a marker per bar.
 */
export function barChart(input: BarInput): string {
  return cached('bar', input, () => renderBar(input));
}

function renderBar(input: BarInput): string {
  const unit = input.unit ?? '%';
  const fmt = (v: number) =>
    unit === '%' ? `${formatNumber(v, Number.isInteger(v) ? 0 : 1)}%` : formatNumber(v, 0);
  const nullText = input.nullText ?? 'No data';
  const targetLabel = input.targetLabel ?? 'Target';
  const values = input.bars.flatMap((b) => [b.value ?? 0, b.target ?? 0]);
  const top = Math.max(0, input.target ?? 0, ...values);
  const max = input.max ?? (unit === '%' ? 100 : niceCeiling(top));

  const labels = input.bars.map((b) => wrapLabel(b.label, 24, 2));
  const longest = Math.max(
    40,
    ...labels.flatMap((l) => l.split('\n').map((line) => textWidth(line, 14))),
  );
  const left = Math.min(240, Math.ceil(longest) + 20);
  const barBand = 44;
  const plotHeight = Math.max(1, input.bars.length) * barBand;
  const hasMarkers = input.bars.some((b) => b.target != null);
  const plotTop = input.target != null ? 30 : 16;
  const legendTop = plotTop + plotHeight + 36;
  const height = legendTop + (hasMarkers ? 30 : 0);

  const markLine =
    input.target != null
      ? {
          silent: true,
          symbol: 'none',
          lineStyle: { color: TEXT, width: 2, type: [6, 4] as number[] },
          label: {
            show: true,
            position: 'start' as const,
            distance: 4,
            formatter: `${targetLabel} ${fmt(input.target)}`,
            ...baseText,
            fontSize: 13,
          },
          data: [{ xAxis: input.target }],
        }
      : undefined;

  const barSeries = {
    type: 'bar' as const,
    name: input.measure ?? input.title,
    silent: true,
    barWidth: 24,
    itemStyle: { color: BAR_COLOUR },
    emphasis: { disabled: true },
    data: input.bars.map((b) =>
      b.value === null
        ? {
            value: 0,
            label: {
              show: true,
              position: 'insideLeft' as const,
              formatter: nullText,
              fontWeight: 'normal' as const,
            },
          }
        : {
            value: b.value,
            label: { show: true, position: 'right' as const, formatter: fmt(b.value) },
          },
    ),
    label: { ...baseText, fontWeight: 'bold' as const, distance: 6 },
    markLine,
    z: 2,
  };

  const markerSeries = {
    type: 'scatter' as const,
    name: targetLabel,
    silent: true,
    symbol: 'rect',
    symbolSize: [4, 34] as [number, number],
    itemStyle: { color: TEXT, opacity: 1 },
    emphasis: { disabled: true },
    data: input.bars.map((b, i) => (b.target == null ? null : [b.target, i])).filter(notNull),
    z: 4,
  };

  const option: EChartsOption = {
    backgroundColor: WHITE,
    textStyle: baseText,
    grid: { left, right: 56, top: plotTop, height: plotHeight },
    xAxis: {
      type: 'value',
      min: 0,
      max,
      axisLabel: { ...baseText, fontSize: 13, formatter: unit === '%' ? '{value}%' : '{value}' },
      splitLine: { lineStyle: { color: '#b1b4b6' } },
      axisLine: { show: true, lineStyle: { color: TEXT } },
      minInterval: unit === 'count' ? 1 : 0,
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels,
      axisLabel: { ...baseText, lineHeight: 17 },
      axisTick: { show: false },
      axisLine: { show: true, lineStyle: { color: TEXT } },
    },
    legend: {
      show: hasMarkers,
      top: legendTop,
      left,
      itemWidth: 4,
      itemHeight: 20,
      textStyle: baseText,
      selectedMode: false,
      data: [targetLabel],
    },
    series: hasMarkers ? [barSeries, markerSeries] : [barSeries],
  };

  const svg = render(option, WIDTH, height);
  return finishSvg(svg, {
    id: input.id,
    title: input.title,
    desc: barDesc(input, fmt, nullText, targetLabel),
    kind: 'bar',
  });
}

function barDesc(
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

function niceCeiling(v: number): number {
  if (v <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (m * magnitude >= v) return m * magnitude;
  }
  return 10 * magnitude;
}

function notNull<T>(x: T | null): x is T {
  return x !== null;
}

// ---------------------------------------------------------------------------------------------
// Trend over rounds

/**
 * A line per series (e.g. per area) of scores over rounds, oldest on the left. A null value
 * leaves a gap; a value with no neighbours is shown as a marker only.
 */
export function trendChart(input: TrendInput): string {
  return cached('trend', input, () => renderTrend(input));
}

export function trendStyle(series: TrendSeries, index: number): SeriesStyle {
  if (series.area !== undefined) return AREA_STYLES[series.area];
  if (series.kind !== undefined) return SERIES_STYLES[series.kind];
  return TREND_STYLES[index % TREND_STYLES.length] ?? SERIES_STYLES.agreed;
}

function renderTrend(input: TrendInput): string {
  const min = input.min ?? 1;
  const max = input.max ?? 5;
  const plotTop = 20;
  const plotHeight = 260;
  const rows = legendRows(
    input.series.map((s) => s.name),
    WIDTH - 40,
    40,
  );
  const legendTop = plotTop + plotHeight + 50;
  const height = legendTop + rows * 26 + 8;

  const option: EChartsOption = {
    backgroundColor: WHITE,
    textStyle: baseText,
    grid: { left: 48, right: 40, top: plotTop, height: plotHeight },
    xAxis: {
      type: 'category',
      boundaryGap: true,
      data: input.rounds.map((r) => wrapLabel(r, 16, 2)),
      axisLabel: { ...baseText, fontSize: 13, lineHeight: 16, interval: 0 },
      axisLine: { lineStyle: { color: TEXT } },
      axisTick: { lineStyle: { color: TEXT }, alignWithLabel: true },
    },
    yAxis: {
      type: 'value',
      min,
      max,
      interval: max - min <= 10 ? 1 : undefined,
      axisLabel: { ...baseText, fontSize: 13 },
      splitLine: { lineStyle: { color: '#b1b4b6' } },
      axisLine: { show: true, lineStyle: { color: TEXT } },
    },
    legend: {
      show: input.series.length > 0,
      top: legendTop,
      left: 'center',
      width: WIDTH - 40,
      itemWidth: 40,
      itemHeight: 12,
      itemGap: 20,
      textStyle: baseText,
      selectedMode: false,
      data: input.series.map((s) => s.name),
    },
    series: input.series.map((s, i) => {
      const style = trendStyle(s, i);
      return lineSeries(
        s.name,
        input.rounds.map((_r, k) => s.values[k] ?? '-'),
        style,
      );
    }),
  };

  const svg = render(option, WIDTH, height);
  return finishSvg(svg, {
    id: input.id,
    title: input.title,
    desc: trendDesc(input, min, max),
    kind: 'trend',
  });
}

function trendDesc(input: TrendInput, min: number, max: number): string {
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
  if (anyWithheld) parts.push('Scores from fewer than 5 responses are withheld.');
  return parts.join(' ');
}
