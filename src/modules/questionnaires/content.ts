import type { FrameworkVersion } from '../framework/index.ts';
import type { AudienceKey } from '../../kernel/framework.ts';

// What a questionnaire asks: the framework items of its chosen areas (and drill-down) that
// are meant for its audience, one page per area (or per drill-down practice).

export interface QuestionItem {
  key: string;
  text: string;
  reverse: boolean;
  dimensionKey: string;
}

export interface QuestionPage {
  /** Area key, or `<drillDownKey>/<practiceKey>` for a drill-down practice. */
  key: string;
  kind: 'area' | 'practice';
  colour: string | null;
  name: string;
  description: string;
  items: QuestionItem[];
}

export interface QuestionnaireShape {
  audience: AudienceKey;
  areaKeys: readonly string[];
  drillDownKey: string | null;
}

/** The pages of a questionnaire, in rainbow order; areas with no item for the audience are left out. */
export function questionPages(
  version: FrameworkVersion,
  shape: QuestionnaireShape,
): QuestionPage[] {
  const pages: QuestionPage[] = [];
  for (const area of version.areas) {
    if (!shape.areaKeys.includes(area.key)) continue;
    const items = area.dimensions.flatMap((dimension) =>
      dimension.items
        .filter((item) => item.audiences.includes(shape.audience))
        .map((item) => ({
          key: item.key,
          text: item.text,
          reverse: item.reverse,
          dimensionKey: dimension.key,
        })),
    );
    if (items.length > 0)
      pages.push({
        key: area.key,
        kind: 'area',
        colour: area.colour,
        name: area.name,
        description: area.description,
        items,
      });
  }
  const drill = version.drillDowns.find((d) => d.key === shape.drillDownKey);
  for (const practice of drill?.practices ?? []) {
    const items = practice.items
      .filter((item) => item.audiences.includes(shape.audience))
      .map((item) => ({
        key: item.key,
        text: item.text,
        reverse: item.reverse,
        dimensionKey: practice.key,
      }));
    if (items.length > 0 && drill !== undefined)
      pages.push({
        key: `${drill.key}/${practice.key}`,
        kind: 'practice',
        colour: null,
        name: practice.name,
        description: practice.description,
        items,
      });
  }
  return pages;
}

/** Every item key a questionnaire of this shape may be answered on. */
export function itemKeys(version: FrameworkVersion, shape: QuestionnaireShape): Set<string> {
  return new Set(
    questionPages(version, shape).flatMap((page) => page.items.map((item) => item.key)),
  );
}

/** Every item key of a version for an audience, drill-downs included (used by imports). */
export function audienceItemKeys(version: FrameworkVersion, audience: AudienceKey): Set<string> {
  const areaKeys = version.areas.map((a) => a.key);
  const keys = new Set<string>();
  for (const drillDownKey of [null, ...version.drillDowns.map((d) => d.key)])
    for (const key of itemKeys(version, { audience, areaKeys, drillDownKey })) keys.add(key);
  return keys;
}
