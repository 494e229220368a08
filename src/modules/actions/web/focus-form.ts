import type { Tx } from '../../../db/client.ts';
import type { FieldError } from '../../../kernel/errors.ts';
import { asArray, errorView } from '../../../web/forms.ts';
import { getVersion, listVersions, type FrameworkVersion } from '../../framework/index.ts';
import { listRounds, type RoundListRow } from '../../rounds/index.ts';
import type { FocusAreaRow } from '../repository-focus.ts';
import type { FocusAreaValues } from '../types.ts';

// The focus area form: title, description, colours and dimensions, and the round it is for.
//
// Rules decided here:
// - The colours and dimensions offered are those of the trust's current framework version:
//   the version of its newest round, or (with no round) the newest published version. A focus
//   area already linked to another version keeps its own, so changing it never moves it.
// - The colours and dimensions ticked are read as of that version (whatever else the body
//   says); one that is not of it is refused by the service's checks with a message by the
//   field, and nothing is stored.
// - A round is optional; "none" stores no round. Nothing the form does not show (the source
//   of an adopted focus area) is changed by it.

export const FORM_ORDER = ['title', 'description', 'areas', 'dimensions', 'roundId'] as const;

/** The framework version the form offers, for a new focus area or one being changed. */
export async function formVersion(
  tx: Tx,
  area?: FocusAreaRow,
): Promise<FrameworkVersion | undefined> {
  const key = area?.frameworkVersion ?? (await currentVersionKey(tx));
  if (key === undefined) return undefined;
  return (await getVersion(tx, key))?.content;
}

async function currentVersionKey(tx: Tx): Promise<string | undefined> {
  const [newest] = await listRounds(tx);
  if (newest !== undefined) return newest.frameworkVersion;
  const published = (await listVersions(tx)).filter((v) => v.status === 'published');
  return published.at(-1)?.key;
}

/** The form's fields as the service takes them (checked there against the trust). */
export function readFocusForm(
  body: Record<string, unknown>,
  base: Pick<FocusAreaValues, 'source'> & { frameworkVersion: string | null },
): FocusAreaValues {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const round = text(body.roundId);
  const areas = asArray(body.areas);
  const dimensions = asArray(body.dimensions);
  return {
    title: text(body.title),
    description: text(body.description),
    roundId: round === '' || round === 'none' ? null : round,
    source: base.source,
    frameworkVersion: areas.length + dimensions.length === 0 ? null : base.frameworkVersion,
    areas,
    dimensions,
  };
}

/** Errors in the order of the form, the first per field shown beside it. */
export function formErrors(errors: FieldError[]) {
  const rank = (e: FieldError) => {
    const at = (FORM_ORDER as readonly string[]).indexOf(e.field);
    return at === -1 ? FORM_ORDER.length : at;
  };
  const sorted = [...errors].sort((a, b) => rank(a) - rank(b));
  const view = errorView(sorted);
  // A field shows its first message; a problem with the version is shown by the colours.
  const fieldErrors: Record<string, { text: string }> = {};
  for (const e of sorted) {
    const field = e.field === 'frameworkVersion' ? 'areas' : e.field;
    fieldErrors[field] ??= { text: e.message };
  }
  return {
    errorList: view.errorList.map((item) =>
      item.href === '#frameworkVersion' ? { ...item, href: '#areas' } : item,
    ),
    fieldErrors,
  };
}

/** "Red: Leadership": an area by its colour (in words) and its name. */
export const areaLabel = (a: { colour: string; name: string }) =>
  `${a.colour.charAt(0).toUpperCase()}${a.colour.slice(1)}: ${a.name}`;

/** The view model of the form: the values as given, and checkbox and select items. */
export function focusFormView(
  values: Record<string, unknown>,
  version: FrameworkVersion | undefined,
  rounds: RoundListRow[],
) {
  const ticked = (name: string) => new Set(asArray(values[name]));
  const areas = ticked('areas');
  const dimensions = ticked('dimensions');
  const round = typeof values.roundId === 'string' ? values.roundId : '';
  return {
    values,
    frameworkVersion: version?.key ?? '',
    areaItems: (version?.areas ?? []).map((a) => ({
      value: a.key,
      text: areaLabel(a),
      checked: areas.has(a.key),
    })),
    dimensionGroups: (version?.areas ?? []).map((a, i) => ({
      id: i === 0 ? 'dimensions' : `dimensions-${a.key}`,
      legend: areaLabel(a),
      items: a.dimensions.map((d) => ({
        value: d.key,
        text: d.name,
        checked: dimensions.has(d.key),
      })),
    })),
    roundItems: [
      { value: 'none', text: 'No round', selected: round === '' || round === 'none' },
      ...rounds.map((r) => ({ value: r.id, text: r.title, selected: r.id === round })),
    ],
  };
}

/** A stored focus area as the form's values. */
export function formValuesOf(area: FocusAreaRow): Record<string, unknown> {
  return {
    title: area.title,
    description: area.description,
    areas: area.areas,
    dimensions: area.dimensions,
    roundId: area.roundId ?? 'none',
  };
}
