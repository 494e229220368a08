// Charts drawn on the server as SVG: spider diagrams of a framework area, horizontal bars
// (response rates and counts) and trends over rounds. This file is the module's face: the one
// file another module imports.
//
// Every chart is a self-contained <svg role="img"> whose first children are a <title> and a
// <desc> stating every figure in words. The markup carries no style attributes, <style>
// elements, scripts or event handlers (the pages run under a strict Content-Security-Policy);
// src/web/static/charts.css only sizes the chart. Series are told apart by colour, line dash
// pattern and marker shape, so a chart still reads when printed in black and white.
//
// Put a chart in a container with the class `ocw-chart` and the data table beside it:
//   <figure class="ocw-chart">{{ svg | safe }}<figcaption>…</figcaption></figure>
//
// The files: types.ts (the inputs), styles.ts (colours, dashes, markers), text.ts (labels and
// figures), echarts.ts (rendering an option to SVG), svg.ts (finishing for the CSP and screen
// readers), describe.ts (each chart in words), then one file per chart. A new chart (a heat
// map, a rainbow overview) is a file of its own exporting `render…(input): string`, its input
// type in types.ts, its kind in ChartKind, its description in describe.ts, and one line in
// createCharts below.

import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { renderBar } from './bar.ts';
import { renderSpider } from './spider.ts';
import { renderTrend } from './trend.ts';
import type { BarInput, ChartKind, SpiderInput, TrendInput } from './types.ts';

export type {
  AreaColour,
  Bar,
  BarInput,
  SeriesKind,
  SeriesStyle,
  SpiderInput,
  SpiderSeries,
  TrendInput,
  TrendSeries,
} from './types.ts';
export { AREA_STYLES, SERIES_STYLES, TREND_STYLES } from './styles.ts';
export { wrapLabel } from './text.ts';

/** How many rendered charts an instance keeps unless told. */
const CACHE_SIZE = 300;

/**
 * The charts, with a cache of the SVG they have drawn (the same input draws the same string,
 * so a page drawn again costs no rendering). Build one for the service that draws them.
 */
export function createCharts(options: { cacheSize?: number } = {}) {
  const cache = new LRUCache<string, string>({ max: options.cacheSize ?? CACHE_SIZE });

  function cached<I>(kind: ChartKind, render: (input: I) => string): (input: I) => string {
    return (input) => {
      const key = createHash('sha1')
        .update(kind)
        .update('\0')
        .update(JSON.stringify(input))
        .digest('hex');
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const svg = render(input);
      cache.set(key, svg);
      return svg;
    };
  }

  return {
    /** A spider diagram of one framework area: one axis per dimension, a line per series. */
    spider: cached<SpiderInput>('spider', renderSpider),
    /** Horizontal bars, top to bottom, each labelled with its value; optional targets. */
    bar: cached<BarInput>('bar', renderBar),
    /** A line per series over rounds, oldest first; a withheld value leaves a gap. */
    trend: cached<TrendInput>('trend', renderTrend),
  };
}

export type Charts = ReturnType<typeof createCharts>;
