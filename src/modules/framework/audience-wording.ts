import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { audienceKey } from '../../kernel/framework.ts';
import type { FrameworkVersion } from './schema.ts';

// The words an audience sees for each area, beside the statements written for it: children
// and young people, parents and carers get their own page headings and introductions, in
// plain words, instead of the practitioners' framework text. One file per version and
// language, data/audiences/<version>.json (English) and <version>.<language>.json. They
// are kept apart from the version itself, which never changes once a round uses it; an
// area or audience a file does not name keeps the framework's text.

const text = z.string().min(1);

export const audienceWordingSchema = z.object({
  version: z.string(),
  language: z.string(),
  audiences: z.partialRecord(
    audienceKey,
    z.object({
      areas: z.record(z.string(), z.object({ name: text, description: text })),
    }),
  ),
});

export type AudienceWording = z.infer<typeof audienceWordingSchema>;

const DIR = fileURLToPath(new URL('./data/audiences', import.meta.url));

/** The audience wording of a version in a language, or null when there is none. */
export function loadAudienceWording(
  versionKey: string,
  language: string,
  dir = DIR,
): AudienceWording | null {
  if (!/^\d{4}\.\d+$/.test(versionKey) || !/^[a-z]{2,3}$/.test(language)) return null;
  const file = join(
    dir,
    language === 'en' ? `${versionKey}.json` : `${versionKey}.${language}.json`,
  );
  return existsSync(file)
    ? audienceWordingSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    : null;
}

const loaded = new Map<string, AudienceWording | null>();

/**
 * The version (already in the language) with its areas named and introduced as the audience
 * sees them. A language without its own file keeps the framework's text in that language.
 */
export function forAudience(
  version: FrameworkVersion,
  language: string,
  audience: string,
): FrameworkVersion {
  const key = `${version.key}.${language}`;
  if (!loaded.has(key)) loaded.set(key, loadAudienceWording(version.key, language));
  return withAudienceWording(version, loaded.get(key) ?? null, audience);
}

/** The version with the areas in the audience's own words from this wording (a trust's own). */
export function withAudienceWording(
  version: FrameworkVersion,
  wording: Pick<AudienceWording, 'audiences'> | null,
  audience: string,
): FrameworkVersion {
  const parsed = audienceKey.safeParse(audience);
  const areas = parsed.success ? wording?.audiences[parsed.data]?.areas : undefined;
  if (areas === undefined) return version;
  return {
    ...version,
    areas: version.areas.map((area) => {
      const found = areas[area.key];
      return found === undefined
        ? area
        : { ...area, name: found.name, description: found.description };
    }),
  };
}
