import { z } from 'zod';
import { audienceKey, AUDIENCE_KEYS, RAINBOW } from '../../kernel/framework.ts';

/** Stable keys: lower-case words joined by hyphens (dots separate levels in item keys). */
const slugKey = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case hyphenated key');
const itemKey = z.string().regex(/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/, 'must be a dotted item key');

export const itemSchema = z.object({
  key: itemKey,
  text: z.string().min(10),
  audiences: z.array(audienceKey).min(1),
  reverse: z.boolean().default(false),
});

export const dimensionSchema = z.object({
  key: slugKey,
  name: z.string().min(3),
  description: z.string().min(10),
  items: z.array(itemSchema).min(1),
});

export const areaSchema = z.object({
  key: slugKey,
  colour: z.enum(RAINBOW),
  /** Hex colour used as an accent beside text; never the only way an area is told apart. */
  hex: z.string().regex(/^#[0-9a-f]{6}$/),
  name: z.string().min(3),
  description: z.string().min(10),
  dimensions: z.array(dimensionSchema).min(4).max(6),
});

export const stageSchema = z.object({
  number: z.number().int().min(1).max(4),
  key: slugKey,
  name: z.string(),
  description: z.string().min(10),
  /** Lowest score (inclusive) that falls in this stage. */
  minScore: z.number().min(1).max(5),
});

export const drillDownSchema = z.object({
  key: slugKey,
  areaKey: slugKey,
  name: z.string(),
  description: z.string().min(10),
  practices: z
    .array(
      z.object({
        key: slugKey,
        name: z.string(),
        description: z.string().min(10),
        items: z.array(itemSchema).min(2),
      }),
    )
    .min(1),
});

export const frameworkVersionSchema = z
  .object({
    key: z.string().regex(/^\d{4}\.\d+$/, 'must look like 2026.1'),
    title: z.string().min(3),
    status: z.enum(['draft', 'published']),
    publishedOn: z.iso.date().optional(),
    summary: z.string().min(10),
    audiences: z
      .array(
        z.object({
          key: audienceKey,
          name: z.string(),
          plainLanguage: z.boolean(),
        }),
      )
      .length(4),
    scale: z.object({
      labels: z.array(z.string()).length(5),
      plainLabels: z.array(z.string()).length(5),
      dontKnow: z.string(),
      notApplicable: z.string(),
    }),
    stages: z.array(stageSchema).length(4),
    areas: z.array(areaSchema).length(7),
    drillDowns: z.array(drillDownSchema).default([]),
    /** How this version's dimensions map to an earlier version's, for comparisons. */
    mapping: z
      .object({ fromVersion: z.string(), dimensions: z.record(z.string(), z.string()) })
      .optional(),
  })
  .superRefine((version, ctx) => {
    const seen = new Set<string>();
    const note = (key: string, path: (string | number)[]) => {
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `duplicate key ${key}`, path });
      seen.add(key);
    };
    version.areas.forEach((area, a) => {
      note(`area:${area.key}`, ['areas', a, 'key']);
      area.dimensions.forEach((dimension, d) => {
        note(`dimension:${dimension.key}`, ['areas', a, 'dimensions', d, 'key']);
        const audiences = new Set(dimension.items.flatMap((item) => item.audiences));
        for (const audience of AUDIENCE_KEYS)
          if (!audiences.has(audience))
            ctx.addIssue({
              code: 'custom',
              message: `dimension ${dimension.key} has no item for ${audience}`,
              path: ['areas', a, 'dimensions', d, 'items'],
            });
        dimension.items.forEach((item, i) => {
          note(`item:${item.key}`, ['areas', a, 'dimensions', d, 'items', i, 'key']);
        });
      });
    });
    version.drillDowns.forEach((drill, k) => {
      if (!version.areas.some((area) => area.key === drill.areaKey))
        ctx.addIssue({
          code: 'custom',
          message: `unknown area ${drill.areaKey}`,
          path: ['drillDowns', k],
        });
      drill.practices.forEach((practice, p) =>
        practice.items.forEach((item, i) =>
          note(`item:${item.key}`, ['drillDowns', k, 'practices', p, 'items', i, 'key']),
        ),
      );
    });
    const mins = version.stages.map((stage) => stage.minScore);
    if (mins[0] !== 1 || mins.some((min, i) => i > 0 && min <= (mins[i - 1] ?? 0)))
      ctx.addIssue({
        code: 'custom',
        message: 'stage bands must start at 1 and rise',
        path: ['stages'],
      });
  });

export type FrameworkVersion = z.infer<typeof frameworkVersionSchema>;
export type Area = FrameworkVersion['areas'][number];
export type Dimension = Area['dimensions'][number];
export type Item = Dimension['items'][number];
export type Stage = FrameworkVersion['stages'][number];
