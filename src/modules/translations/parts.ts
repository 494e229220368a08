import type { AudienceWording, Translation } from '../framework/index.ts';
import {
  POINTS,
  sourceTexts,
  type RespondentWording,
  type Sources,
  type Texts,
} from './catalogue.ts';

// From a trust's flat list of texts (catalogue.ts) to what the product reads — a framework
// translation, the audiences' words for the areas, the respondent pages' wording — and back.

/** What a trust's translation stands for: framework text, audience wording, page wording. */
export interface Parts {
  translation: Translation;
  wording: Pick<AudienceWording, 'audiences'>;
  respondent: RespondentWording;
}

type Named = Record<string, { name: string; description: string }>;

function namedPart(texts: Texts, kind: string): Named {
  const out: Named = {};
  const prefix = `${kind}.`;
  for (const [key, text] of Object.entries(texts)) {
    if (!key.startsWith(prefix)) continue;
    const [thing, field] = key.slice(prefix.length).split('.');
    if (thing === undefined || (field !== 'name' && field !== 'description')) continue;
    out[thing] ??= { name: '', description: '' };
    out[thing][field] = text;
  }
  return out;
}

function prefixed(texts: Texts, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(texts))
    if (key.startsWith(prefix)) out[key.slice(prefix.length)] = text;
  return out;
}

function scaleOf(texts: Texts): Translation['scale'] {
  const labels = POINTS.map((n) => texts[`scale.label.${n}`]);
  const plainLabels = POINTS.map((n) => texts[`scale.plainLabel.${n}`]);
  const dontKnow = texts['scale.dontKnow'];
  const notApplicable = texts['scale.notApplicable'];
  const all = (list: (string | undefined)[]): list is string[] =>
    list.every((t) => t !== undefined);
  if (!all(labels) || !all(plainLabels) || dontKnow === undefined || notApplicable === undefined)
    return undefined;
  return { labels, plainLabels, dontKnow, notApplicable };
}

function wordingOf(texts: Texts): Pick<AudienceWording, 'audiences'> {
  const audiences: Record<string, { areas: Named }> = {};
  for (const [key, text] of Object.entries(texts)) {
    const [kind, audience, area, field] = key.split('.');
    if (kind !== 'wording' || audience === undefined || area === undefined) continue;
    if (field !== 'name' && field !== 'description') continue;
    const areas = (audiences[audience] ??= { areas: {} }).areas;
    areas[area] ??= { name: '', description: '' };
    areas[area][field] = text;
  }
  return { audiences };
}

/** The parts a complete set of texts (checked against sourceTexts) stands for. */
export function partsOf(versionKey: string, language: string, texts: Texts): Parts {
  const standard = prefixed(texts, 'respondent.');
  const plain = { ...standard, ...prefixed(texts, 'respondent-plain.') };
  const scale = scaleOf(texts);
  const translation: Translation = {
    version: versionKey,
    language,
    ...(texts.summary === undefined ? {} : { summary: texts.summary }),
    audiences: prefixed(texts, 'audience.'),
    ...(scale === undefined ? {} : { scale }),
    stages: namedPart(texts, 'stage'),
    areas: namedPart(texts, 'area'),
    dimensions: namedPart(texts, 'dimension'),
    drillDowns: namedPart(texts, 'drillDown'),
    practices: namedPart(texts, 'practice'),
    items: prefixed(texts, 'item.'),
  };
  return { translation, wording: wordingOf(texts), respondent: { standard, plain } };
}

/**
 * The texts the product already has in a language (its own files, or nothing), keyed as the
 * workbook keys them: what a workbook for that language starts filled in with.
 */
export function textsFromParts(
  sources: Sources,
  parts: { [K in keyof Parts]?: Parts[K] | null },
): Texts {
  const { translation: t, wording, respondent } = parts;
  const found: Texts = {};
  const put = (key: string, text: string | undefined) => {
    if (text !== undefined && text !== '') found[key] = text;
  };
  if (t !== undefined && t !== null) {
    put('summary', t.summary);
    for (const [k, v] of Object.entries(t.audiences)) put(`audience.${k}`, v);
    POINTS.forEach((n, i) => {
      put(`scale.label.${n}`, t.scale?.labels[i]);
      put(`scale.plainLabel.${n}`, t.scale?.plainLabels[i]);
    });
    put('scale.dontKnow', t.scale?.dontKnow);
    put('scale.notApplicable', t.scale?.notApplicable);
    const kinds = {
      stage: t.stages,
      area: t.areas,
      dimension: t.dimensions,
      drillDown: t.drillDowns,
      practice: t.practices,
    };
    for (const [kind, table] of Object.entries(kinds))
      for (const [k, v] of Object.entries(table)) {
        put(`${kind}.${k}.name`, v.name);
        put(`${kind}.${k}.description`, v.description);
      }
    for (const [k, v] of Object.entries(t.items)) put(`item.${k}`, v);
  }
  for (const [audience, entry] of Object.entries(wording?.audiences ?? {}))
    for (const [area, words] of Object.entries(entry.areas)) {
      put(`wording.${audience}.${area}.name`, words.name);
      put(`wording.${audience}.${area}.description`, words.description);
    }
  for (const [k, v] of Object.entries(respondent?.standard ?? {})) put(`respondent.${k}`, v);
  for (const [k, v] of Object.entries(respondent?.plain ?? {})) put(`respondent-plain.${k}`, v);
  // Only the keys the workbook has (a plain text the same as the standard one has no row).
  const keys = new Set(sourceTexts(sources).map((s) => s.key));
  return Object.fromEntries(Object.entries(found).filter(([key]) => keys.has(key)));
}
