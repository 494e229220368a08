import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { renderBar } from './bar.ts';
import { renderSpider } from './spider.ts';
import { renderTrend } from './trend.ts';
import type { BarInput, ChartKind, SpiderInput, TrendInput } from './types.ts';

// The charts a service draws, each kind through one cache of the SVG drawn (index.ts says
// what a chart is and how to add one).

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
