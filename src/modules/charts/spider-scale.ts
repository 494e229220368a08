// The parts of a spider diagram outside its plot: the scale under it (each ring's score once,
// and the stage of each band between rings), the numbered list of dimensions of the narrow
// layout, and the notes. Nothing here is drawn on the plot, so no label sits on a line.

import { FONT, GRID_FILL, GRID_LINE, TEXT, WHITE } from './styles.ts';
import { formatNumber, wrapLabel } from './text.ts';
import type { StageLabel } from './types.ts';

/** Text under the diagram is this size (the smallest in a chart, never below 12 on a phone). */
export const NOTE_SIZE = 14;
export const NOTE_LINE = 19;

/** The rings' scores, from the first ring out (the centre is one step below the first). */
export interface Rings {
  values: number[];
}

const text = (
  x: number,
  y: number,
  value: string,
  align: 'left' | 'center' | 'right' = 'left',
) => ({
  type: 'text' as const,
  silent: true,
  x,
  y,
  style: {
    text: value,
    fill: TEXT,
    fontSize: NOTE_SIZE,
    lineHeight: NOTE_LINE,
    fontFamily: FONT,
    align,
    verticalAlign: 'top' as const,
  },
});

/** The stage whose band starts at or below `value`, from the lowest stage up. */
function stageFrom(stages: StageLabel[], value: number): StageLabel | undefined {
  return [...stages]
    .sort((a, b) => a.minScore - b.minScore)
    .filter((s) => s.minScore <= value + 1e-9)
    .at(-1);
}

/** Rows of stage names over the ruler: two, taking turns, or one each where it is narrow. */
function nameRows(stages: StageLabel[] | undefined, narrow: boolean): number {
  const n = stages?.length ?? 0;
  return n === 0 ? 0 : narrow ? n : Math.min(2, n);
}

/** Height of the scale: a heading, the rows of stage names, the ruler and its numbers. */
export function scaleHeight(stages: StageLabel[] | undefined, narrow: boolean): number {
  return NOTE_LINE + 6 + nameRows(stages, narrow) * NOTE_LINE + 30;
}

/**
 * A ruler from the first ring to the last, shaded band by band as the rings are, with each
 * ring's score under its tick and the name of each band's stage over it.
 */
export function scaleGraphics(
  rings: Rings,
  stages: StageLabel[] | undefined,
  top: number,
  left: number,
  width: number,
  narrow: boolean,
) {
  const { values } = rings;
  const first = values[0] ?? 1;
  const last = values.at(-1) ?? 5;
  const x = (v: number) => left + ((v - first) / Math.max(1e-9, last - first)) * width;
  const named = stages !== undefined && stages.length > 0;
  const rows = nameRows(stages, narrow);
  const rulerTop = top + NOTE_LINE + 6 + rows * NOTE_LINE;
  const parts: object[] = [text(left, top, 'Score rings and stages')];
  const names: { stage: StageLabel; band: { x: number; width: number } }[] = [];
  values.slice(0, -1).forEach((v, k) => {
    const next = values[k + 1] ?? v;
    const band = { x: x(v), y: rulerTop, width: x(next) - x(v), height: 10 };
    parts.push({
      type: 'rect',
      silent: true,
      shape: band,
      style: { fill: k % 2 === 0 ? WHITE : GRID_FILL, stroke: GRID_LINE, lineWidth: 1 },
    });
    const stage = named ? stageFrom(stages, v) : undefined;
    const previous = k > 0 && named ? stageFrom(stages, values[k - 1] ?? v) : undefined;
    if (stage !== undefined && stage !== previous) names.push({ stage, band });
  });
  // Names in rows taking turns, so each may be wider than its band; the first starts at the
  // ruler's start and the last ends at its end.
  names.forEach(({ stage, band }, k) => {
    const y = rulerTop - 4 - (rows - (k % rows)) * NOTE_LINE;
    if (k === 0) parts.push(text(band.x, y, stage.name));
    else if (k === names.length - 1) parts.push(text(band.x + band.width, y, stage.name, 'right'));
    else parts.push(text(band.x + band.width / 2, y, stage.name, 'center'));
  });
  for (const v of values)
    parts.push(
      {
        type: 'line',
        silent: true,
        shape: { x1: x(v), y1: rulerTop, x2: x(v), y2: rulerTop + 14 },
        style: { stroke: TEXT, lineWidth: 1 },
      },
      text(x(v), rulerTop + 15, formatNumber(v, Number.isInteger(v) ? 0 : 1), 'center'),
    );
  return parts;
}

/** The narrow layout's list of the numbered spokes, wrapped to the width: "1 Shared vision". */
export function keyLines(labels: string[], chars: number): string[] {
  return labels.map((label, i) => wrapLabel(`${i + 1} ${label}`, chars, 3));
}

export function lineCount(lines: string[]): number {
  return lines.reduce((sum, line) => sum + line.split('\n').length, 0);
}

/** Blocks of text one under another from `top`, each perhaps of several lines. */
export function textBlocks(blocks: string[], top: number, left: number) {
  return blocks.map((block, k) =>
    text(left, top + lineCount(blocks.slice(0, k)) * NOTE_LINE, block),
  );
}
