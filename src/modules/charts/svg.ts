// Finishing echarts' SVG for the page. The pages run under a strict Content-Security-Policy,
// so the markup keeps no style attributes, <style> elements, scripts or event handlers:
// everything that matters becomes an SVG presentation attribute, and
// src/web/static/charts.css only sizes the chart. For assistive technology the root is
// role="img", named by a <title> and described by a <desc> that states every figure.

import { FONT } from './styles.ts';
import type { ChartKind } from './types.ts';

export interface Finish {
  id: string;
  title: string;
  desc: string;
  kind: ChartKind;
  /** A chart drawn again for narrow screens (charts.css shows the one that fits). */
  variant?: 'narrow';
}

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

/** The presentation attributes of a style attribute, leaving out those the element has. */
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

/** Removes <style>, scripts, event handlers and echarts' own metadata and classes. */
function stripUnsafe(svg: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style\s*>/gi, '')
    .replace(/<script[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<(script|style)\b[^>]*\/?>/gi, '')
    .replace(/\s(ecmeta_[a-z_]+|pointer-events|on[a-z]+)="[^"]*"/gi, '')
    .replace(/\sclass="zr\d+-cls-\d+"/g, '');
}

/** Style attributes become presentation attributes. */
function inlineStylesToAttributes(svg: string): string {
  return svg.replace(
    /<([a-zA-Z]+)((?:\s[^>]*?)?)\sstyle="([^"]*)"([^>]*)>/g,
    (_m, tag: string, before: string, style: string, after: string) => {
      const rest = `${before}${after}`;
      return `<${tag}${before}${styleToAttributes(style, rest)}${after}>`;
    },
  );
}

/**
 * Ids (clip paths, gradients) are renamed after the chart in order of appearance, so they
 * are deterministic and cannot clash with another chart on the page.
 */
function renameIds(svg: string, id: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    const old = m[1];
    if (old !== undefined && !ids.has(old)) ids.set(old, `${id}-d${ids.size}`);
  }
  if (ids.size === 0) return svg;
  return svg
    .replace(/\sid="([^"]+)"/g, (_m, old: string) => ` id="${ids.get(old) ?? old}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, old: string) => `url(#${ids.get(old) ?? old})`)
    .replace(
      /(\s(?:xlink:)?href)="#([^"]+)"/g,
      (_m, attr: string, old: string) => `${attr}="#${ids.get(old) ?? old}"`,
    );
}

/** Root: viewBox only (charts.css sizes it), role and accessible name, then title and desc. */
function accessibleRoot(svg: string, id: string, f: Finish, xlink: boolean): string {
  return svg.replace(/<svg\b([^>]*)>/, (_m, attrs: string) => {
    const viewBox = /viewBox="([^"]*)"/.exec(attrs)?.[1] ?? '';
    const ns = xlink ? ' xmlns:xlink="http://www.w3.org/1999/xlink"' : '';
    return (
      `<svg xmlns="http://www.w3.org/2000/svg"${ns} viewBox="${viewBox}" ` +
      `class="ocw-chart__svg ocw-chart__svg--${f.kind}${f.variant === undefined ? '' : ` ocw-chart__svg--${f.variant}`}" role="img" ` +
      `aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
      `<title id="${id}-title">${escapeXml(f.title)}</title>` +
      `<desc id="${id}-desc">${escapeXml(f.desc)}</desc>`
    );
  });
}

/**
 * Turns echarts' SVG into one that passes the page's CSP and reads well with assistive
 * technology: removes <style>, style attributes, scripts, event handlers and echarts' own
 * metadata; names ids after the chart; adds role, title and desc; drops the fixed size.
 */
export function finishSvg(raw: string, f: Finish): string {
  const id = safeId(f.id);
  const svg = renameIds(inlineStylesToAttributes(stripUnsafe(raw)), id);
  return accessibleRoot(svg, id, f, raw.includes('xlink:'))
    .replace(/>\s*\n\s*/g, '>\n')
    .trim();
}
