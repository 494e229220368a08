// Horizontal bars, one per row, top to bottom, each labelled with its value (e.g. the response
// rate by sector). Optional: one target line for all bars, and a marker per bar (e.g. the
// number invited), named in a legend.

import { barDesc } from './describe.ts';
import { renderSvg, type EChartsOption } from './echarts.ts';
import { BAR_COLOUR, baseText, SPLIT_LINE, TEXT, WHITE, WIDTH } from './styles.ts';
import { finishSvg } from './svg.ts';
import { formatNumber, textWidth, wrapLabel } from './text.ts';
import type { BarInput } from './types.ts';

const BAR_BAND = 44;

/** The smallest round number at or above v (1, 1.2, 1.5, 2, 2.5, … times a power of ten). */
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

/** What every part of the chart needs to know, worked out once. */
function settingsOf(input: BarInput) {
  const unit = input.unit ?? '%';
  const fmt = (v: number) =>
    unit === '%' ? `${formatNumber(v, Number.isInteger(v) ? 0 : 1)}%` : formatNumber(v, 0);
  const values = input.bars.flatMap((b) => [b.value ?? 0, b.target ?? 0]);
  const top = Math.max(0, input.target ?? 0, ...values);
  return {
    unit,
    fmt,
    nullText: input.nullText ?? 'No data',
    targetLabel: input.targetLabel ?? 'Target',
    max: input.max ?? (unit === '%' ? 100 : niceCeiling(top)),
  };
}

type Settings = ReturnType<typeof settingsOf>;

/** The dashed line of the one target for every bar, labelled at its start. */
function targetLine(target: number | null | undefined, s: Settings) {
  if (target == null) return undefined;
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: TEXT, width: 2, type: [6, 4] as number[] },
    label: {
      show: true,
      position: 'start' as const,
      distance: 4,
      formatter: `${s.targetLabel} ${s.fmt(target)}`,
      ...baseText,
      fontSize: 13,
    },
    data: [{ xAxis: target }],
  };
}

function barSeries(input: BarInput, s: Settings) {
  return {
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
              formatter: s.nullText,
              fontWeight: 'normal' as const,
            },
          }
        : {
            value: b.value,
            label: { show: true, position: 'right' as const, formatter: s.fmt(b.value) },
          },
    ),
    label: { ...baseText, fontWeight: 'bold' as const, distance: 6 },
    markLine: targetLine(input.target, s),
    z: 2,
  };
}

/** A tall thin mark on each bar that has a target of its own. */
function markerSeries(input: BarInput, s: Settings) {
  return {
    type: 'scatter' as const,
    name: s.targetLabel,
    silent: true,
    symbol: 'rect',
    symbolSize: [4, 34] as [number, number],
    itemStyle: { color: TEXT, opacity: 1 },
    emphasis: { disabled: true },
    data: input.bars.map((b, i) => (b.target == null ? null : [b.target, i])).filter(notNull),
    z: 4,
  };
}

function barOption(input: BarInput, s: Settings, labels: string[], left: number) {
  const plotHeight = Math.max(1, input.bars.length) * BAR_BAND;
  const hasMarkers = input.bars.some((b) => b.target != null);
  const plotTop = input.target != null ? 30 : 16;
  const legendTop = plotTop + plotHeight + 36;
  const option: EChartsOption = {
    backgroundColor: WHITE,
    textStyle: baseText,
    grid: { left, right: 56, top: plotTop, height: plotHeight },
    xAxis: {
      type: 'value',
      min: 0,
      max: s.max,
      axisLabel: { ...baseText, fontSize: 13, formatter: s.unit === '%' ? '{value}%' : '{value}' },
      splitLine: { lineStyle: { color: SPLIT_LINE } },
      axisLine: { show: true, lineStyle: { color: TEXT } },
      minInterval: s.unit === 'count' ? 1 : 0,
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
      data: [s.targetLabel],
    },
    series: hasMarkers ? [barSeries(input, s), markerSeries(input, s)] : [barSeries(input, s)],
  };
  return { option, height: legendTop + (hasMarkers ? 30 : 0) };
}

export function renderBar(input: BarInput): string {
  const s = settingsOf(input);
  const labels = input.bars.map((b) => wrapLabel(b.label, 24, 2));
  const longest = Math.max(
    40,
    ...labels.flatMap((l) => l.split('\n').map((line) => textWidth(line, 14))),
  );
  const left = Math.min(240, Math.ceil(longest) + 20);
  const { option, height } = barOption(input, s, labels, left);
  return finishSvg(renderSvg(option, WIDTH, height), {
    id: input.id,
    title: input.title,
    desc: barDesc(input, s.fmt, s.nullText, s.targetLabel),
    kind: 'bar',
  });
}
