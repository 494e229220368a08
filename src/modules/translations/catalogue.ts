import type { AudienceWording, FrameworkVersion } from '../framework/index.ts';

// Every text a questionnaire shows a respondent, for one framework version, as one flat list
// of keys: the framework's text (what a translation file covers: summary, audiences, answer
// scale, stages, areas, dimensions, drill-downs, practices and statements), the areas in
// children's and families' own words, and the fixed wording of the respondent's pages. This
// is what a trust's translation workbook lists, one row per key, and what an upload must
// fill in, no more and no less.
//
// Keys: summary · audience.<key> · scale.label.<1-5> · scale.plainLabel.<1-5> ·
// scale.dontKnow · scale.notApplicable · stage|area|dimension|drillDown|practice.<key>.name
// and .description · item.<item key> · wording.<audience>.<area>.name and .description ·
// respondent.<key> · respondent-plain.<key> (only where the plain English differs).

/** The respondent pages' wording: the standard set, and the plain one for children and families. */
export interface RespondentWording {
  standard: Record<string, string>;
  plain: Record<string, string>;
}

export interface SourceText {
  key: string;
  /** Where the text is shown, to help whoever translates it. */
  where: string;
  english: string;
}

/** What a translation is made from, in English: the version, its areas' words for audiences. */
export interface Sources {
  version: FrameworkVersion;
  wording: Pick<AudienceWording, 'audiences'> | null;
  respondent: RespondentWording;
}

export const POINTS = [1, 2, 3, 4, 5] as const;

function scaleTexts(scale: FrameworkVersion['scale']): SourceText[] {
  return [
    ...POINTS.map((n, i) => ({
      key: `scale.label.${n}`,
      where: `Answer ${n} of 5`,
      english: scale.labels[i] ?? '',
    })),
    ...POINTS.map((n, i) => ({
      key: `scale.plainLabel.${n}`,
      where: `Answer ${n} of 5, for children and families`,
      english: scale.plainLabels[i] ?? '',
    })),
    { key: 'scale.dontKnow', where: 'Answer', english: scale.dontKnow },
    { key: 'scale.notApplicable', where: 'Answer', english: scale.notApplicable },
  ];
}

function frameworkTexts(version: FrameworkVersion): SourceText[] {
  const texts: SourceText[] = [
    { key: 'summary', where: 'Summary of the framework', english: version.summary },
  ];
  const audienceName = (key: string) => version.audiences.find((a) => a.key === key)?.name ?? key;
  for (const a of version.audiences)
    texts.push({ key: `audience.${a.key}`, where: 'Who a questionnaire is for', english: a.name });
  texts.push(...scaleTexts(version.scale));
  const named = (
    kind: string,
    label: string,
    thing: { key: string; name: string; description: string },
  ) => {
    texts.push(
      { key: `${kind}.${thing.key}.name`, where: `${label}: name`, english: thing.name },
      {
        key: `${kind}.${thing.key}.description`,
        where: `${label}: description`,
        english: thing.description,
      },
    );
  };
  for (const s of version.stages) named('stage', 'Stage', s);
  const seen = new Set<string>();
  const item = (i: { key: string; text: string; audiences: string[] }) => {
    if (seen.has(i.key)) return;
    seen.add(i.key);
    const who = i.audiences.map(audienceName).join(', ');
    texts.push({ key: `item.${i.key}`, where: `Statement, for ${who}`, english: i.text });
  };
  for (const area of version.areas) {
    named('area', 'Area', area);
    for (const d of area.dimensions) {
      named('dimension', `Part of ${area.name}`, d);
      d.items.forEach(item);
    }
  }
  for (const drill of version.drillDowns) {
    named('drillDown', 'Drill-down', drill);
    for (const p of drill.practices) {
      named('practice', `Practice in ${drill.name}`, p);
      p.items.forEach(item);
    }
  }
  return texts;
}

function wordingTexts(sources: Sources): SourceText[] {
  const texts: SourceText[] = [];
  const { version, wording } = sources;
  for (const [audience, entry] of Object.entries(wording?.audiences ?? {})) {
    const who = version.audiences.find((a) => a.key === audience)?.name ?? audience;
    for (const [area, words] of Object.entries(entry.areas)) {
      const where = `Area as ${who.toLowerCase()} see it`;
      texts.push(
        {
          key: `wording.${audience}.${area}.name`,
          where: `${where}: heading`,
          english: words.name,
        },
        {
          key: `wording.${audience}.${area}.description`,
          where: `${where}: introduction`,
          english: words.description,
        },
      );
    }
  }
  return texts;
}

function respondentTexts(respondent: RespondentWording): SourceText[] {
  const texts: SourceText[] = [];
  for (const [key, english] of Object.entries(respondent.standard))
    texts.push({ key: `respondent.${key}`, where: 'Questionnaire pages', english });
  for (const [key, english] of Object.entries(respondent.plain))
    if (english !== respondent.standard[key])
      texts.push({
        key: `respondent-plain.${key}`,
        where: 'Questionnaire pages, in plain words for children and families',
        english,
      });
  return texts;
}

/** Every text of the version to translate, in the order the workbook lists them. */
export function sourceTexts(sources: Sources): SourceText[] {
  return [
    ...frameworkTexts(sources.version),
    ...wordingTexts(sources),
    ...respondentTexts(sources.respondent),
  ];
}

export type Texts = Record<string, string>;

/** The placeholders of a text ({n}, {trust}…), which a translation must keep. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();
}
