// The look every chart shares: text, grid and bar colours, and the style of each series
// (colour at least 3:1 against white, dash pattern and marker), so that series are told apart
// by more than colour and a chart still reads when printed in black and white.

import type { AreaColour, SeriesKind, SeriesStyle } from './types.ts';

export const TEXT = '#0b0c0c';
export const FONT = 'arial, sans-serif';
export const WHITE = '#ffffff';
export const GRID_LINE = '#8e9499';
export const GRID_FILL = '#f3f2f1';
/** Light lines across a plot, e.g. at each value of an axis. */
export const SPLIT_LINE = '#b1b4b6';
export const BAR_COLOUR = '#1d70b8';
/** Width of every chart's viewBox (charts.css scales it to the page). */
export const WIDTH = 640;

/** The text of labels, legends and axis names. */
export const baseText = { color: TEXT, fontFamily: FONT, fontSize: 14 } as const;

/** A plus sign, drawn filled (echarts path symbols are scaled to the symbol size). */
const PLUS = 'path://M3 0h4v3h3v4h-3v3h-4v-3h-3v-4h3z';
/** A five-pointed star, drawn filled. */
const STAR =
  'path://M5 0L6.18 3.62L10 3.62L6.91 5.86L8.09 9.48L5 7.24L1.91 9.48L3.09 5.86L0 3.62L3.82 3.62Z';

/**
 * Colours from the GOV.UK palette, each at least 3:1 against white, and for each kind a dash
 * pattern and a marker of its own, so that lines lying close together are still told apart
 * without colour (the legend shows each with its pattern and marker).
 */
export const SERIES_STYLES: Readonly<Record<SeriesKind, SeriesStyle>> = {
  everyone: { colour: '#1d70b8', dash: null, symbol: 'circle', marker: 'circle', lineWidth: 3 },
  agreed: { colour: '#0b0c0c', dash: [14, 5], symbol: STAR, marker: 'star', lineWidth: 3 },
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
  national: { colour: '#003078', dash: [16, 4, 4, 4], symbol: PLUS, marker: 'plus', lineWidth: 2 },
  other: {
    colour: '#912b88',
    dash: [6, 2, 2, 2, 2, 2],
    symbol: 'emptyRect',
    marker: 'hollow square',
    lineWidth: 2,
  },
};

/**
 * Styles of the areas' lines in a trend chart: a darker shade of each area's colour where its
 * own is too light to see against white (orange, yellow), and a dash pattern and marker each.
 */
export const AREA_STYLES: Readonly<Record<AreaColour, SeriesStyle>> = {
  red: { ...SERIES_STYLES.everyone, colour: '#d4351c' },
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

/** Markers are this many units across: big enough to tell a square from a diamond on a phone. */
export const MARKER_SIZE = 11;

/** A line series with every point marked, gaps left open, and no hover effects. */
export function lineSeries<T>(name: string, data: T[], style: SeriesStyle) {
  return {
    type: 'line' as const,
    name,
    data,
    connectNulls: false,
    clip: false,
    silent: true,
    symbol: style.symbol,
    // A star's points are thin: it is drawn larger to weigh as much as the other markers.
    symbolSize: style.symbol === STAR ? MARKER_SIZE + 5 : MARKER_SIZE,
    showSymbol: true,
    showAllSymbol: true,
    lineStyle: lineStyleOf(style),
    itemStyle: itemStyleOf(style),
    emphasis: { disabled: true },
  };
}

/** Width of a legend's line sample: long enough to show a whole dash pattern and the marker. */
export const LEGEND_ICON = 44;

/** A legend of one entry per series, centred under the plot, that wraps onto more rows. */
export function seriesLegend(names: string[], top: number, width = WIDTH, vertical = false) {
  return {
    show: names.length > 0,
    top,
    left: vertical ? 20 : 'center',
    orient: vertical ? ('vertical' as const) : ('horizontal' as const),
    width: width - 40,
    itemWidth: LEGEND_ICON,
    itemHeight: 14,
    itemGap: vertical ? 12 : 20,
    textStyle: baseText,
    selectedMode: false,
    data: names,
  };
}
