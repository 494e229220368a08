// Framework facts every module shares: audiences, area colours, the national sector list.

import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const AUDIENCE_KEYS = [
  'leaders-managers',
  'frontline',
  'children-young-people',
  'parents-carers',
] as const;
export const audienceKey = z.enum(AUDIENCE_KEYS);
export type AudienceKey = z.infer<typeof audienceKey>;

/** The areas' colours, in the order the areas are shown. */
export const RAINBOW = ['red', 'orange', 'yellow', 'green', 'blue', 'indigo', 'violet'] as const;
export type Colour = (typeof RAINBOW)[number];

const COLOUR_NAMES: Record<Colour, string> = {
  red: 'Red',
  orange: 'Orange',
  yellow: 'Yellow',
  green: 'Green',
  blue: 'Blue',
  indigo: 'Indigo',
  violet: 'Violet',
};

export function colourName(colour: Colour): string {
  return COLOUR_NAMES[colour];
}

/** The areas of a version in rainbow order (red first, violet last). */
export function areasInRainbowOrder<A extends { colour: Colour }>(version: {
  areas: readonly A[];
}): A[] {
  return [...version.areas].sort((a, b) => RAINBOW.indexOf(a.colour) - RAINBOW.indexOf(b.colour));
}

const sectorListSchema = z.array(
  z.object({
    key: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case hyphenated key'),
    name: z.string(),
    description: z.string(),
  }),
);

/** The national sectors, the same keys in every trust (each trust picks its own from them). */
export const NATIONAL_SECTORS = sectorListSchema.parse(
  JSON.parse(readFileSync(new URL('./sectors.json', import.meta.url), 'utf8')),
);
