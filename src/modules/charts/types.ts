// The inputs of every chart, in one file that the chart, style and description files all
// read (so none of them needs another's types, and no two import each other).

/** What a series shows; each kind has its own colour, dash pattern and marker. */
export type SeriesKind =
  | 'everyone'
  | 'agreed'
  | 'leaders'
  | 'frontline'
  | 'children-families'
  | 'previous'
  | 'national'
  | 'other';

/** The framework's area colours, in rainbow order. */
export type AreaColour = 'red' | 'orange' | 'yellow' | 'green' | 'blue' | 'indigo' | 'violet';

/** The charts there are; each names its SVG class (`ocw-chart__svg--${kind}`) and cache key. */
export type ChartKind = 'spider' | 'bar' | 'trend';

export interface SeriesStyle {
  colour: string;
  /** Dash pattern (SVG stroke-dasharray lengths); null for a solid line. */
  dash: number[] | null;
  /** echarts symbol name or 'path://…'. */
  symbol: string;
  /** Human name of the marker, for documentation and tests. */
  marker: string;
  lineWidth: number;
}

export interface SpiderSeries {
  /** Shown in the legend and the description, e.g. "Leaders and managers". */
  name: string;
  /** One value per axis, in the order of `axes`; null = withheld (fewer than 5 responses) or no data. */
  values: (number | null)[];
  kind: SeriesKind;
  /**
   * What a null value of this series means when it is not "withheld or no data": `desc` in
   * the description ("not rated at a workshop: A, B"), `note` under the legend.
   */
  gap?: { desc: string; note: string };
}

/** A stage and the lowest score in it, for the scale under a spider diagram. */
export interface StageLabel {
  name: string;
  minScore: number;
}

export interface SpiderInput {
  /** Unique on the page; the <title> and <desc> ids are `${id}-title` and `${id}-desc`. */
  id: string;
  title: string;
  /** The area's dimensions, clockwise from the top. Long labels are wrapped and shortened. */
  axes: { key: string; label: string }[];
  series: SpiderSeries[];
  /** Scale, 1 to 5 unless told; there is a ring at every whole number from min to max. */
  min?: number;
  max?: number;
  /** The stages, named on the scale under the diagram at the rings where they start. */
  stages?: StageLabel[];
  /** A sentence added to the end of the description, e.g. the changes the diagram shows. */
  summary?: string;
  /**
   * wide (default): the dimension names at the ends of the spokes, for a page or print;
   * narrow: a phone's layout, 340 wide, spokes numbered and the names listed under it.
   */
  layout?: 'wide' | 'narrow';
}

export interface Bar {
  label: string;
  /** null = withheld or no data: no bar is drawn and the bar is labelled `nullText`. */
  value: number | null;
  /** A marker on this bar, e.g. the number of people invited. */
  target?: number | null;
}

export interface BarInput {
  /** Unique on the page; the <title> and <desc> ids are `${id}-title` and `${id}-desc`. */
  id: string;
  title: string;
  /** Top to bottom. */
  bars: Bar[];
  /** '%' (default): values are percentages, axis 0–100 unless `max`; 'count': whole numbers. */
  unit?: '%' | 'count';
  /** End of the value axis; default 100 for percentages, otherwise rounded up from the data. */
  max?: number;
  /** One target for every bar, drawn as a dashed line across the chart. */
  target?: number | null;
  /** Name of the target line and per-bar markers in the legend and description (default "Target"). */
  targetLabel?: string;
  /** What the bars measure, for the description, e.g. "Response rate" (default: the title). */
  measure?: string;
  /** Text shown where a value is null (default "No data"). */
  nullText?: string;
}

export interface TrendSeries {
  /** e.g. the area name. */
  name: string;
  /** One value per round, in the order of `rounds`; null = withheld or no data (a gap). */
  values: (number | null)[];
  /** The area's colour: its line is drawn in (a darker shade of) that colour. */
  area?: AreaColour;
  /** Or the style of this kind (e.g. 'national'); with neither, series are styled in turn. */
  kind?: SeriesKind;
}

export interface TrendInput {
  /** Unique on the page; the <title> and <desc> ids are `${id}-title` and `${id}-desc`. */
  id: string;
  title: string;
  /** The x axis, oldest first. */
  rounds: string[];
  series: TrendSeries[];
  /** Scale of the y axis, 1 to 5 unless told. */
  min?: number;
  max?: number;
}
