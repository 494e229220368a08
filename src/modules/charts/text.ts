// Text in and about a chart: wrapping labels, guessing their width for the layout, and
// writing figures and lists the same way in the drawing and in its description.

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
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += /[ilj.,:;'|!1]/.test(ch) ? 0.3 : /[mwMW]/.test(ch) ? 0.85 : 0.58;
  return w * fontSize;
}

/** How many rows a legend of these names takes in `available` pixels. */
export function legendRows(names: string[], available: number, iconWidth: number): number {
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

/**
 * A figure as the pages write it: `decimals` places, halves away from zero (a mean such as
 * 23 / 20 that is a hair under 1.15 in floating point is written 1.2, as on the pages).
 */
export function formatNumber(value: number, decimals: number): string {
  const factor = 10 ** decimals;
  const rounded = Math.floor(Math.abs(value) * factor + 1e-9 + 0.5) / factor;
  return (value < 0 && rounded !== 0 ? -rounded : rounded).toFixed(decimals);
}

/** "a", "a and b", "a, b and c". */
export function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
