import type { FieldError } from '../../../kernel/errors.ts';
import { errorView } from '../../../web/forms.ts';
import { ACTION_STATUSES, STATUS_LABELS } from '../schemas.ts';
import type { FormValues } from './forms.ts';
import type { FormChoices } from './page.ts';

// The action form's view model: the framework version's colours and its dimensions grouped by
// colour as checkboxes, the trust's focus areas and rounds as selects (with "None"), its
// members as lead checkboxes, and the status as radios; each ticked or chosen as `values` say.
// A query of ?round=&focusArea=&area=&dimension= prefills a new action (a focus area brings its
// round, colours and dimensions); a value that is not one of the trust's, or not of the
// version, is ignored.

const list = (value: unknown): string[] =>
  value === undefined || value === null || value === ''
    ? []
    : (Array.isArray(value) ? value : [value]).map(String);

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** A new action's values from the query, keeping only what the form offers. */
export function prefill(query: Record<string, unknown>, choices: FormChoices): FormValues {
  const values: FormValues = { status: 'not-started' };
  const round = text(query.round);
  if (choices.rounds.some((r) => r.id === round)) values.roundId = round;
  const areas = choices.version?.content.areas ?? [];
  const ticked = new Set<string>();
  const dimensions = new Set<string>();
  const tick = (dimension: string) => {
    const owner = areas.find((a) => a.dimensions.some((d) => d.key === dimension));
    if (owner === undefined) return;
    ticked.add(owner.key);
    dimensions.add(dimension);
  };
  // From a focus area: its round, colours and dimensions too (those of the form's version).
  const focusArea = choices.focusAreas.find((f) => f.id === text(query.focusArea));
  if (focusArea !== undefined) {
    values.focusAreaId = focusArea.id;
    if (values.roundId === undefined && choices.rounds.some((r) => r.id === focusArea.roundId))
      values.roundId = focusArea.roundId ?? undefined;
    for (const key of focusArea.areas) if (areas.some((a) => a.key === key)) ticked.add(key);
    focusArea.dimensions.forEach(tick);
  }
  const area = areas.find((a) => a.key === text(query.area));
  if (area !== undefined) ticked.add(area.key);
  tick(text(query.dimension));
  values.areas = [...ticked];
  values.dimensions = [...dimensions];
  return values;
}

export function actionFormView(choices: FormChoices, values: FormValues, errors?: FieldError[]) {
  const areasTicked = new Set(list(values.areas));
  const dimensionsTicked = new Set(list(values.dimensions));
  const leadsTicked = new Set(list(values.leadUsers));
  const areas = choices.version?.content.areas ?? [];
  const select = (chosen: unknown, options: { value: string; text: string }[]) => [
    { value: '', text: 'None' },
    ...options.map((o) => ({ ...o, selected: o.value === text(chosen) })),
  ];
  return {
    versionKey: choices.version?.key ?? '',
    colours: areas.map((a) => ({ value: a.key, text: a.name, checked: areasTicked.has(a.key) })),
    dimensionGroups: areas.map((a, i) => ({
      idPrefix: i === 0 ? 'dimensions' : `dimensions-${a.key}`,
      legend: a.name,
      items: a.dimensions.map((d) => ({
        value: d.key,
        text: d.name,
        checked: dimensionsTicked.has(d.key),
      })),
    })),
    focusAreas: select(
      values.focusAreaId,
      choices.focusAreas.map((f) => ({ value: f.id, text: f.title })),
    ),
    rounds: select(
      values.roundId,
      choices.rounds.map((r) => ({ value: r.id, text: r.title })),
    ),
    members: choices.members.map((m) => ({
      value: m.id,
      text: m.name,
      checked: leadsTicked.has(m.id),
    })),
    statuses: ACTION_STATUSES.map((s) => ({
      value: s,
      text: STATUS_LABELS[s],
      checked: text(values.status) === s,
    })),
    values,
    errors: errors ? errorView(errors) : undefined,
  };
}
