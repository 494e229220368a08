import type { XlsxCell } from './xlsx.ts';

/** A figure as written on a page: digits with a sign, thousands commas, decimals or a %. */
const FIGURE = /^[+-]?[\d,]+(\.\d+)?%?$/;

/**
 * CSV with formula injection defused: a text cell starting with = + - @ tab or CR gets a leading
 * '. A shown figure (see ShownNumber) is written as its text, untouched when it is only a figure
 * such as -0.4 or +0.3, which a spreadsheet reads as a number.
 */
export function toCsv(headers: string[], rows: XlsxCell[][]): string {
  const cell = (value: XlsxCell): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') return String(value);
    let text = typeof value === 'object' ? value.text : value;
    const figure = typeof value === 'object' && FIGURE.test(text);
    if (!figure && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [headers, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
