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
// readers), describe.ts (each chart in words), then one file per chart, and service.ts (the
// charts with their cache). A new chart (a heat map, a rainbow overview) is a file of its own
// exporting `render…(input): string`, its input type in types.ts, its kind in ChartKind, its
// description in describe.ts, and one line in createCharts (service.ts).

export { createCharts } from './service.ts';
export type { Charts } from './service.ts';
export type { BarInput, SeriesKind, SpiderSeries, StageLabel } from './types.ts';
