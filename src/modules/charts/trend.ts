// A line per series (e.g. per area) of scores over rounds, oldest on the left. A null value
// leaves a gap; a value with no neighbours is shown as a marker only.

import { trendDesc } from './describe.ts';
import { renderSvg, type EChartsOption } from './echarts.ts';
import {
  AREA_STYLES,
  baseText,
  lineSeries,
  SERIES_STYLES,
  seriesLegend,
  SPLIT_LINE,
  TEXT,
  TREND_STYLES,
  WHITE,
  WIDTH,
} from './styles.ts';
import { finishSvg } from './svg.ts';
import { legendRows, wrapLabel } from './text.ts';
import type { SeriesStyle, TrendInput, TrendSeries } from './types.ts';

const PLOT_TOP = 20;
const PLOT_HEIGHT = 260;

/** The area's style, else the kind's, else the next of TREND_STYLES. */
export function trendStyle(series: TrendSeries, index: number): SeriesStyle {
  if (series.area !== undefined) return AREA_STYLES[series.area];
  if (series.kind !== undefined) return SERIES_STYLES[series.kind];
  return TREND_STYLES[index % TREND_STYLES.length] ?? SERIES_STYLES.agreed;
}

function trendOption(input: TrendInput, min: number, max: number, legendTop: number) {
  const option: EChartsOption = {
    backgroundColor: WHITE,
    textStyle: baseText,
    grid: { left: 48, right: 40, top: PLOT_TOP, height: PLOT_HEIGHT },
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
      splitLine: { lineStyle: { color: SPLIT_LINE } },
      axisLine: { show: true, lineStyle: { color: TEXT } },
    },
    legend: seriesLegend(
      input.series.map((s) => s.name),
      legendTop,
    ),
    series: input.series.map((s, i) =>
      lineSeries(
        s.name,
        input.rounds.map((_r, k) => s.values[k] ?? '-'),
        trendStyle(s, i),
      ),
    ),
  };
  return option;
}

export function renderTrend(input: TrendInput): string {
  const min = input.min ?? 1;
  const max = input.max ?? 5;
  const rows = legendRows(
    input.series.map((s) => s.name),
    WIDTH - 40,
    40,
  );
  const legendTop = PLOT_TOP + PLOT_HEIGHT + 50;
  const height = legendTop + rows * 26 + 8;
  return finishSvg(renderSvg(trendOption(input, min, max, legendTop), WIDTH, height), {
    id: input.id,
    title: input.title,
    desc: trendDesc(input, min, max),
    kind: 'trend',
  });
}
