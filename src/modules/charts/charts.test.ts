import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { HTMLElement, parse, type Node } from 'node-html-parser';
import { createCharts, type Charts } from './service.ts';
import { AREA_STYLES, SERIES_STYLES, TREND_STYLES } from './styles.ts';
import { wrapLabel } from './text.ts';
import type { SeriesKind, SpiderInput } from './types.ts';

// WCAG relative luminance and contrast ratio.
function luminance(hex: string): number {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return (
    0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255)
  );
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const axes = [
  { key: 'info', label: 'Information sharing' },
  { key: 'joint', label: 'Joint working' },
  { key: 'lang', label: 'Shared language' },
  { key: 'dev', label: 'Workforce development' },
  { key: 'voice', label: 'Voice of the child' },
  { key: 'lead', label: 'Leadership and governance' },
];

function sixBySeries(): SpiderInput {
  return {
    id: 'area-red',
    title: 'Red area: working together',
    axes,
    series: [
      { name: 'Agreed position', kind: 'agreed', values: [3.2, 2.8, 3.5, 2.1, 3.9, 3.0] },
      { name: 'Leaders and managers', kind: 'leaders', values: [3.6, 3.1, null, 2.5, 4.2, 3.4] },
      { name: 'Frontline staff', kind: 'frontline', values: [2.7, 2.2, 2.9, 1.8, 3.1, 2.4] },
      { name: 'Last round', kind: 'previous', values: [2.9, 2.5, 3.0, 1.6, 3.5, 2.7] },
      { name: 'National median', kind: 'national', values: [3.0, 3.0, 3.1, 2.6, 3.3, 3.1] },
    ],
  };
}

// The SVG is read through a parser. Text is compared as written in the markup (innerHTML),
// entities and all, so that the escaping is checked too.

function rootOf(svg: string): HTMLElement {
  const root = parse(svg).querySelector('svg');
  assert.ok(root !== null, 'an <svg> root');
  return root;
}

function descOf(svg: string): string {
  return rootOf(svg).querySelector('desc[id]')?.innerHTML ?? '';
}

/** The content of every <text>, as written in the markup. */
function textsOf(svg: string): string[] {
  return rootOf(svg)
    .querySelectorAll('text')
    .map((t) => t.innerHTML);
}

/** Every <path> whose attributes include these, with these values. */
function pathsWith(svg: string, attrs: Record<string, string>): HTMLElement[] {
  return rootOf(svg)
    .querySelectorAll('path')
    .filter((p) => Object.entries(attrs).every(([k, v]) => p.getAttribute(k) === v));
}

function fontSizes(svg: string): number[] {
  return rootOf(svg)
    .querySelectorAll('[font-size]')
    .map((e) => Number(e.getAttribute('font-size')));
}

/**
 * Fails if the SVG would break the page's CSP or run anything. Read as a string on purpose:
 * nothing may slip through because a parser understood the markup differently.
 */
function assertCspSafe(svg: string): void {
  assert.doesNotMatch(svg, /\sstyle\s*=/i, 'no style attributes');
  assert.doesNotMatch(svg, /<style\b/i, 'no <style> elements');
  assert.doesNotMatch(svg, /<script\b/i, 'no scripts');
  assert.doesNotMatch(svg, /\son[a-z]+\s*=/i, 'no event handler attributes');
  assert.doesNotMatch(svg, /javascript:/i);
  assert.doesNotMatch(svg, /<foreignObject\b/i);
  // Every ampersand starts an entity (the markup is well-formed XML as well as HTML).
  assert.doesNotMatch(svg, /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i);
}

/** A <tag id="…"> child holding nothing but text. */
function assertTextChild(node: Node | undefined, tag: string, id: string): void {
  assert.ok(node instanceof HTMLElement, `a <${tag}> element`);
  assert.equal(node.rawTagName, tag);
  assert.deepEqual(node.attributes, { id });
  assert.ok(node.innerHTML !== '' && !node.innerHTML.includes('<'), `<${tag}> has only text`);
}

function assertAccessibleRoot(svg: string, id: string): void {
  assert.ok(svg.startsWith('<svg '), 'the markup starts with the root');
  const root = rootOf(svg);
  assert.equal(root.getAttribute('role'), 'img');
  assert.equal(root.getAttribute('aria-labelledby'), `${id}-title ${id}-desc`);
  assert.match(root.getAttribute('viewBox') ?? '', /^0 0 \d+(?:\.\d+)? \d+(?:\.\d+)?$/);
  assert.ok(
    !root.hasAttribute('width') && !root.hasAttribute('height'),
    'no fixed size on the root',
  );
  // The first two children, with nothing between them: the title, then the description.
  assertTextChild(root.childNodes[0], 'title', `${id}-title`);
  assertTextChild(root.childNodes[1], 'desc', `${id}-desc`);
}

let charts: Charts;
beforeEach(() => {
  charts = createCharts();
});

describe('spider', () => {
  it('is an image named by its title and described by its desc', () => {
    const svg = charts.spider(sixBySeries());
    assertAccessibleRoot(svg, 'area-red');
    const title = rootOf(svg).querySelector('title');
    assert.equal(title?.id, 'area-red-title');
    assert.equal(title.innerHTML, 'Red area: working together');
    assert.ok(svg.endsWith('</svg>'));
  });

  it('states every figure in the description, and which are withheld', () => {
    const input = sixBySeries();
    const desc = descOf(charts.spider(input));
    for (const s of input.series) {
      assert.ok(desc.includes(`${s.name}: `), `names ${s.name}`);
      s.values.forEach((v, i) => {
        const label = axes[i]?.label ?? '';
        if (v !== null) assert.ok(desc.includes(`${label} ${v.toFixed(1)}`), `${s.name} ${label}`);
      });
    }
    assert.match(desc, /^Spider diagram of 6 dimensions, each scored from 1 to 5\./);
    assert.ok(
      desc.includes(
        'Agreed position: Information sharing 3.2, Joint working 2.8, Shared language 3.5, ' +
          'Workforce development 2.1, Voice of the child 3.9, Leadership and governance 3.0.',
      ),
    );
    assert.ok(
      desc.includes(
        'Leaders and managers: Information sharing 3.6, Joint working 3.1, Workforce development ' +
          '2.5, Voice of the child 4.2, Leadership and governance 3.4; withheld or no data: ' +
          'Shared language.',
      ),
    );
    assert.ok(desc.endsWith('Scores from fewer than 5 responses are withheld.'));
  });

  it('uses semicolons between figures when a dimension name has a comma', () => {
    const desc = descOf(
      charts.spider({
        id: 's',
        title: 'T',
        axes: [
          { key: 'a', label: 'Values, principles' },
          { key: 'b', label: 'B' },
          { key: 'c', label: 'C' },
          { key: 'd', label: 'D' },
        ],
        series: [{ name: 'Agreed position', kind: 'agreed', values: [1, 2, 3, 4] }],
      }),
    );
    assert.ok(desc.includes('Agreed position: Values, principles 1.0; B 2.0; C 3.0; D 4.0.'));
  });

  it('breaks the line at a withheld value instead of drawing a point there', () => {
    const svg = charts.spider(sixBySeries());
    const colour = SERIES_STYLES.leaders.colour;
    // The leaders' line: two runs (Joint working → [gap] → Workforce development …), so two
    // sub-paths and no vertex at the centre of the chart.
    const lines = pathsWith(svg, { fill: 'none', stroke: colour, 'stroke-dasharray': '8,4' }).map(
      (p) => p.getAttribute('d') ?? '',
    );
    const plotted = lines.find((d) => !d.startsWith('M0 6'));
    assert.ok(plotted !== undefined, 'the leaders line is drawn');
    assert.equal(plotted.match(/M/g)?.length, 2, 'two separate runs');
    assert.equal(plotted.match(/L/g)?.length, 4, '5 values: 1 edge + 3 edges, closed at the top');
    // Five markers for five values (plus one in the legend).
    const markers = pathsWith(svg, { d: 'M-1 -1l2 0l0 2l-2 0Z', fill: colour }).filter((p) =>
      /^matrix\(.+\)$/.test(p.getAttribute('transform') ?? ''),
    );
    assert.equal(markers.length, 5);
    // The centre of the diagram (320, 237) is never a vertex of the line.
    assert.doesNotMatch(plotted, /[ML]320 237(?![\d.])/);
  });

  it('leaves out a series with no values, and says so in words and in a note', () => {
    const input = sixBySeries();
    input.series.push({
      name: 'Children and families',
      kind: 'children-families',
      values: [null, null, null, null, null, null],
    });
    const svg = charts.spider(input);
    assert.ok(
      !svg.includes(SERIES_STYLES['children-families'].colour),
      'not drawn, not in the legend',
    );
    assert.ok(descOf(svg).includes('Children and families: all withheld or no data.'));
    const texts = textsOf(svg);
    assert.ok(texts.includes('Not shown (withheld or no data): Children and families.'));
    assert.ok(texts.includes('A gap in a line: withheld (fewer than 5 responses) or no data.'));
  });

  it('draws rings at 1 to 5 and a legend of the series', () => {
    const texts = textsOf(charts.spider(sixBySeries()));
    for (const n of ['1', '2', '3', '4', '5']) assert.ok(texts.includes(n), `ring ${n}`);
    for (const s of sixBySeries().series) assert.ok(texts.includes(s.name), s.name);
  });

  it('has no inline style, style element, script or event handler', () => {
    assertCspSafe(charts.spider(sixBySeries()));
  });

  const STAGES = [
    { name: 'Fragmented', minScore: 1 },
    { name: 'Emerging', minScore: 2 },
    { name: 'Developing', minScore: 3 },
    { name: 'Reformed and integrated', minScore: 4 },
  ];
  /** Where an element is drawn: the x and y of its translate() or matrix() transform. */
  const placeOf = (e: HTMLElement): [number, number] => {
    const t = e.getAttribute('transform') ?? '';
    const m =
      /translate\(([-\d.]+) ([-\d.]+)\)/.exec(t) ??
      /matrix\([^,]+,[^,]+,[^,]+,[^,]+,([-\d.]+),([-\d.]+)\)/.exec(t);
    return [Number(m?.[1]), Number(m?.[2])];
  };

  it('names each ring once, on a scale under the plot, with the stages of the bands', () => {
    const svg = charts.spider({ ...sixBySeries(), stages: STAGES });
    const texts = rootOf(svg).querySelectorAll('text');
    for (const name of STAGES.map((s) => s.name))
      assert.equal(texts.filter((t) => t.innerHTML === name).length, 1, name);
    const rings = ['1', '2', '3', '4', '5'].map((n) => texts.filter((t) => t.innerHTML === n));
    assert.ok(
      rings.every((found) => found.length === 1),
      'each ring number once',
    );
    // Under every point of the plot, so that no line runs through a number.
    const lowestMarker = Math.max(
      ...rootOf(svg)
        .querySelectorAll('path')
        .filter((p) => (p.getAttribute('transform') ?? '').startsWith('matrix('))
        .map((p) => placeOf(p)[1]),
    );
    for (const [ring] of rings) assert.ok(ring && placeOf(ring)[1] > lowestMarker + 60);
    assert.ok(texts.some((t) => t.innerHTML === 'Score rings and stages'));
    assert.ok(
      descOf(svg).includes(
        'Stages: Fragmented from 1 to under 2, Emerging from 2 to under 3, Developing from 3 to under 4, Reformed and integrated from 4 to 5.',
      ),
    );
  });

  it('marks each series with its own marker, on the plot and in the legend beside its dash pattern', () => {
    const svg = charts.spider(sixBySeries());
    const paths = rootOf(svg).querySelectorAll('path');
    const shapes = new Set<string>();
    for (const s of sixBySeries().series) {
      const { colour, dash } = SERIES_STYLES[s.kind];
      const markers = paths.filter(
        (p) =>
          p.getAttribute('stroke-dasharray') === undefined &&
          (p.getAttribute('fill') === colour || p.getAttribute('stroke') === colour) &&
          /^(matrix|translate)\(/.test(p.getAttribute('transform') ?? ''),
      );
      // A marker for each value shown, and one in the legend.
      const shown = s.values.filter((v) => v !== null).length;
      assert.equal(markers.length, shown + 1, s.name);
      shapes.add(markers[0]?.getAttribute('d')?.replace(/[-\d.]+/g, '') ?? '');
      // The legend's sample line has the series' dash pattern, beside its name.
      const legendLine = paths.find(
        (p) =>
          p.getAttribute('stroke') === colour &&
          p.getAttribute('stroke-dasharray') === (dash === null ? undefined : dash.join(',')) &&
          placeOf(p)[1] > 450,
      );
      assert.ok(legendLine, `${s.name}: legend line`);
    }
    assert.equal(shapes.size, sixBySeries().series.length, 'a different marker shape each');
  });

  it('keeps every text at least 12px as shown: wide from 576px across, narrow on a 375px phone', () => {
    const viewWidth = (svg: string) => Number(rootOf(svg).getAttribute('viewBox')?.split(' ')[2]);
    const wide = charts.spider({ ...sixBySeries(), stages: STAGES });
    const narrow = charts.spider({ ...sixBySeries(), stages: STAGES, layout: 'narrow' });
    // The wide layout is shown at 576px (the chart's width beside its table); the narrow one
    // in a 375px window, less the page's margins and an area's border: 320px.
    for (const [svg, shownAt] of [
      [wide, 576],
      [narrow, 320],
    ] as const) {
      const scale = shownAt / viewWidth(svg);
      const smallest = Math.min(...fontSizes(svg)) * scale;
      assert.ok(smallest >= 12, `${smallest.toFixed(1)}px at ${shownAt}px`);
    }
    // The narrow layout numbers the spokes and lists the names under the plot, wrapped.
    const root = rootOf(narrow);
    assert.ok(root.getAttribute('class')?.includes('ocw-chart__svg--narrow'));
    assert.equal(root.querySelector('title')?.id, 'area-red-narrow-title');
    const texts = textsOf(narrow);
    for (const n of ['1', '2', '3', '4', '5', '6']) assert.ok(texts.includes(n), `spoke ${n}`);
    assert.ok(texts.some((t) => t.startsWith('1 Information sharing')));
    assert.ok(texts.some((t) => t.startsWith('6 Leadership and governance')));
    assert.equal(descOf(narrow), descOf(wide), 'the same description');
    assertCspSafe(narrow);
  });

  it('says what a gap means for a series that has its own reason, and adds a summary', () => {
    const input = sixBySeries();
    input.series = [
      {
        name: 'Agreed position (workshop)',
        kind: 'agreed',
        values: [3.5, null, null, null, null, null],
        gap: { desc: 'not rated at a workshop', note: 'Agreed position: only where rated.' },
      },
    ];
    input.summary = 'Change: Information sharing +0.1.';
    const svg = charts.spider(input);
    const desc = descOf(svg);
    assert.ok(
      desc.includes(
        'Agreed position (workshop): Information sharing 3.5; not rated at a workshop: Joint working',
      ),
    );
    assert.ok(!desc.includes('Scores from fewer than 5 responses are withheld.'));
    assert.ok(desc.endsWith('Change: Information sharing +0.1.'));
    const texts = textsOf(svg);
    assert.ok(texts.includes('Agreed position: only where rated.'));
    assert.ok(!texts.some((t) => t.startsWith('A gap in a line')));
  });

  it('writes figures as the pages do: halves away from zero', () => {
    const input = sixBySeries();
    input.series = [{ name: 'S', kind: 'everyone', values: [1.15, 2.25, 3.45, 23 / 20, 4.05, 2] }];
    assert.ok(
      descOf(charts.spider(input)).includes(
        'S: Information sharing 1.2, Joint working 2.3, Shared language 3.5, Workforce development 1.2, Voice of the child 4.1, Leadership and governance 2.0.',
      ),
    );
  });

  it('writes text of at least 12px, in #0b0c0c', () => {
    const svg = charts.spider(sixBySeries());
    const sizes = fontSizes(svg);
    assert.ok(sizes.length > 10);
    assert.ok(
      sizes.every((s) => s >= 12),
      `font sizes ${sizes.join(',')}`,
    );
    const texts = rootOf(svg).querySelectorAll('text');
    assert.ok(texts.length > 10);
    for (const t of texts) assert.equal(t.getAttribute('fill'), '#0b0c0c', t.outerHTML);
  });

  it('escapes labels, names and the title', () => {
    const input = sixBySeries();
    input.id = 'x"><script>';
    input.title = 'Tom & Jerry <script>alert(1)</script>';
    input.axes = input.axes.map((a, i) =>
      i === 0 ? { ...a, label: '<script>alert("a")</script> & co' } : a,
    );
    const first = input.series[0];
    if (first) first.name = 'Agreed <b>position</b> & more';
    const svg = charts.spider(input);
    assertCspSafe(svg);
    assert.ok(!svg.includes('<b>'));
    const root = rootOf(svg);
    assert.equal(root.getAttribute('aria-labelledby'), 'x---script--title x---script--desc');
    const title = root.querySelector('title');
    assert.equal(title?.id, 'x---script--title');
    assert.equal(title.innerHTML, 'Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;');
    assert.ok(
      descOf(svg).includes('&lt;script&gt;alert(&quot;a&quot;)&lt;/script&gt; &amp; co 3.2'),
    );
    const texts = textsOf(svg);
    assert.ok(texts.includes('Agreed &lt;b&gt;position&lt;/b&gt; &amp; more'), 'legend');
    assert.ok(svg.includes('&lt;script&gt;alert(&quot;a&quot;)&lt;/script&gt;'), 'description');
    // The axis label is wrapped and shortened, and escaped all the same.
    assert.ok(
      texts.some((t) => t.startsWith('&lt;script&gt;alert(&quot;a&quot;')),
      'axis label',
    );
  });

  it('is deterministic, and the cache returns the same string quickly', () => {
    const input = sixBySeries();
    const t0 = performance.now();
    const cold = charts.spider(input);
    const coldMs = performance.now() - t0;
    const t1 = performance.now();
    const warm = charts.spider(structuredClone(input));
    const warmMs = performance.now() - t1;
    assert.equal(warm, cold);
    assert.ok(
      warmMs < 5 && warmMs < coldMs,
      `cold ${coldMs.toFixed(1)} ms, cached ${warmMs.toFixed(2)} ms`,
    );
    // Other charts in between, then a new instance (an empty cache): the same input draws
    // the same string.
    charts.bar({ id: 'b', title: 'B', bars: [{ label: 'A', value: 1 }] });
    assert.equal(createCharts().spider(input), cold);
  });

  it('gives its ids the chart id, so two charts on a page cannot clash', () => {
    const idsOf = (svg: string) =>
      rootOf(svg)
        .querySelectorAll('[id]')
        .map((e) => e.id);
    const a = charts.spider(sixBySeries());
    const idsA = idsOf(a);
    const idsB = new Set(idsOf(charts.spider({ ...sixBySeries(), id: 'area-blue' })));
    assert.ok(idsA.length >= 2);
    for (const id of idsA) {
      assert.ok(id.startsWith('area-red-'), id);
      assert.ok(!idsB.has(id), id);
    }
    for (const ref of a.matchAll(/url\(#([^)]+)\)/g)) assert.ok(idsA.includes(ref[1] ?? ''));
  });

  it('wraps and shortens long dimension names', () => {
    assert.equal(
      wrapLabel('Information sharing across agencies', 18, 3),
      'Information\nsharing across\nagencies',
    );
    assert.equal(
      wrapLabel('Shared language, values and principles of practice', 18, 3),
      'Shared language,\nvalues and\nprinciples of…',
    );
    assert.equal(wrapLabel('Short', 18, 3), 'Short');
  });
});

describe('series styles', () => {
  const kinds = Object.keys(SERIES_STYLES) as SeriesKind[];

  it('every colour has at least 3:1 contrast against white', () => {
    const colours = [
      ...Object.values(SERIES_STYLES),
      ...Object.values(AREA_STYLES),
      ...TREND_STYLES,
    ].map((s) => s.colour);
    for (const c of [...colours, '#1d70b8']) {
      assert.ok(contrast(c, '#ffffff') >= 3, `${c}: ${contrast(c, '#ffffff').toFixed(2)}`);
    }
    assert.ok(contrast('#0b0c0c', '#ffffff') >= 4.5);
    // The computation itself: black on white is 21:1; GOV.UK orange falls short.
    assert.equal(contrast('#000000', '#ffffff').toFixed(1), '21.0');
    assert.ok(contrast('#f47738', '#ffffff') < 3);
  });

  it('each kind has its own dash pattern and its own marker', () => {
    assert.equal(kinds.length, 8);
    const dashes = new Set(kinds.map((k) => JSON.stringify(SERIES_STYLES[k].dash)));
    const symbols = new Set(kinds.map((k) => SERIES_STYLES[k].symbol));
    const colours = new Set(kinds.map((k) => SERIES_STYLES[k].colour));
    assert.equal(dashes.size, kinds.length);
    assert.equal(symbols.size, kinds.length);
    assert.equal(colours.size, kinds.length);
    const areaStyles = Object.values(AREA_STYLES);
    assert.equal(new Set(areaStyles.map((s) => JSON.stringify(s.dash))).size, 7);
    assert.equal(new Set(areaStyles.map((s) => s.symbol)).size, 7);
  });

  it('the chart draws each kind with its dash pattern and colour', () => {
    const svg = charts.spider({
      id: 'all',
      title: 'All kinds',
      axes: axes.slice(0, 4),
      series: kinds.map((kind, i) => ({
        name: `Series ${i}`,
        kind,
        values: [2, 3, 4, 2 + i / 10],
      })),
    });
    const stroked = rootOf(svg).querySelectorAll('[stroke]');
    for (const kind of kinds) {
      const { colour, dash } = SERIES_STYLES[kind];
      const drawn = stroked.filter(
        (e) =>
          e.getAttribute('stroke') === colour &&
          /^[\d.]+$/.test(e.getAttribute('stroke-width') ?? '') &&
          e.getAttribute('stroke-dasharray') === (dash === null ? undefined : dash.join(',')),
      );
      // Once on the diagram, once in the legend.
      assert.ok(drawn.length >= 2, kind);
    }
    assertCspSafe(svg);
  });
});

describe('bar', () => {
  const input = {
    id: 'rates',
    title: 'Response rate by sector',
    measure: 'Response rate',
    target: 60,
    bars: [
      { label: 'Health', value: 72.5 },
      { label: 'Schools & colleges', value: 61 },
      { label: 'Police', value: null },
    ],
  };

  it('is accessible and states every figure', () => {
    const svg = charts.bar(input);
    assertAccessibleRoot(svg, 'rates');
    assertCspSafe(svg);
    assert.equal(
      descOf(svg),
      'Bar chart of response rate. Health 72.5%, Schools &amp; colleges 61%, Police no data. Target: 60%.',
    );
    const texts = textsOf(svg);
    assert.ok(texts.includes('72.5%'));
    assert.ok(texts.includes('No data'));
    assert.ok(texts.includes('Target 60%'));
    assert.ok(fontSizes(svg).every((s) => s >= 12));
  });

  it('shows counts and a marker per bar', () => {
    const svg = charts.bar({
      id: 'counts',
      title: 'Responses by sector',
      unit: 'count',
      measure: 'Responses',
      targetLabel: 'Invited',
      bars: [
        { label: 'Health', value: 23, target: 40 },
        { label: 'Schools', value: 41, target: 50 },
      ],
    });
    assertCspSafe(svg);
    assert.equal(
      descOf(svg),
      'Bar chart of responses. Health 23 (invited 40), Schools 41 (invited 50).',
    );
    const texts = textsOf(svg);
    assert.ok(texts.includes('Invited'));
    assert.ok(texts.includes('50'), 'the axis ends at a round number at or above the largest');
  });

  it('caches by input', () => {
    assert.equal(charts.bar(input), charts.bar(structuredClone(input)));
    assert.notEqual(charts.bar(input), charts.bar({ ...input, target: 50 }));
  });
});

describe('trend', () => {
  it('is accessible, states every figure and leaves gaps for withheld ones', () => {
    const svg = charts.trend({
      id: 'trend',
      title: 'Area scores by round',
      rounds: ['Autumn 2024', 'Spring 2025', 'Autumn 2025'],
      series: [
        { name: 'Red: working together', area: 'red', values: [2.1, 2.4, 2.9] },
        { name: 'Orange: voice', area: 'orange', values: [2.5, null, 2.8] },
        { name: 'National median', kind: 'national', values: [2.2, 2.3, 2.4] },
      ],
    });
    assertAccessibleRoot(svg, 'trend');
    assertCspSafe(svg);
    assert.equal(
      descOf(svg),
      'Line chart of scores from 1 to 5 over 3 rounds: Autumn 2024, Spring 2025 and Autumn 2025. ' +
        'Red: working together: Autumn 2024 2.1, Spring 2025 2.4, Autumn 2025 2.9. ' +
        'Orange: voice: Autumn 2024 2.5, Spring 2025 withheld or no data, Autumn 2025 2.8. ' +
        'National median: Autumn 2024 2.2, Spring 2025 2.3, Autumn 2025 2.4. ' +
        'Scores from fewer than 5 responses are withheld.',
    );
    // The orange line has a gap in the middle: two lone points, no line between them.
    const orangeLines = pathsWith(svg, { fill: 'none', stroke: AREA_STYLES.orange.colour })
      .map((p) => p.getAttribute('d') ?? '')
      .filter((d) => !d.startsWith('M0 6'));
    assert.equal(orangeLines.length, 1);
    assert.doesNotMatch(orangeLines[0] ?? '', /L/);
    assert.equal(orangeLines[0]?.match(/M/g)?.length, 2);
    assert.ok(svg.includes(AREA_STYLES.red.colour));
    assert.ok(svg.includes(SERIES_STYLES.national.colour));
    assert.ok(fontSizes(svg).every((s) => s >= 12));
  });
});
