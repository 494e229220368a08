import { z } from 'zod';
import { NATIONAL_SECTORS } from '../../kernel/framework.ts';

// The messages here are the GOV.UK error messages people read, on pages and in the API.

export const REGIONS = [
  'North East',
  'North West',
  'Yorkshire and the Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
  'Wales',
  'Other',
] as const;

export const MAX_HEADCOUNT = 1_000_000;

export const NATIONAL_KEYS = NATIONAL_SECTORS.map((s) => s.key);

const nationalKeySet = new Set(NATIONAL_KEYS);

export function isNationalKey(key: string): boolean {
  return nationalKeySet.has(key);
}

/** Name and region of a trust. A region already stored outside the list may be kept. */
export function detailsSchema(currentRegion: string | null) {
  return z.object({
    name: z
      .string({ error: 'Enter the name of the trust' })
      .trim()
      .min(1, 'Enter the name of the trust')
      .max(120, 'Name must be 120 characters or fewer')
      .describe('The name of the trust'),
    region: z
      .string({ error: 'Select a region from the list' })
      .max(80, 'Region must be 80 characters or fewer')
      .optional()
      .refine(
        (v) =>
          v === undefined ||
          v === '' ||
          (REGIONS as readonly string[]).includes(v) ||
          v === currentRegion,
        'Select a region from the list',
      )
      .transform((v) => (v === undefined || v === '' ? null : v))
      .describe(`One of: ${REGIONS.join(', ')}; empty for none`),
  });
}

export const nationalSectorsSchema = z.object({
  sectors: z.array(z.string().refine(isNationalKey, 'Select sectors from the list')),
});

export const customSectorSchema = z.object({
  name: z
    .string({ error: 'Enter a name for the sector' })
    .trim()
    .min(1, 'Enter a name for the sector')
    .max(80, 'Sector name must be 80 characters or fewer')
    .describe('Name of the sector, unique in the trust'),
  nationalKey: z
    .string({ error: 'Select the national sector it counts as' })
    .refine(isNationalKey, 'Select the national sector it counts as')
    .describe('The national sector it counts as in the national view'),
});

export const localitySchema = z.object({
  name: z
    .string({ error: 'Enter a name for the locality' })
    .trim()
    .min(1, 'Enter a name for the locality')
    .max(80, 'Locality name must be 80 characters or fewer')
    .describe('Name of the locality, unique in the trust'),
});

export const organisationSchema = z.object({
  name: z
    .string({ error: 'Enter the name of the organisation' })
    .trim()
    .min(1, 'Enter the name of the organisation')
    .max(120, 'Organisation name must be 120 characters or fewer')
    .describe('Name of the organisation, unique in the trust'),
  sector: z
    .string({ error: 'Select a sector' })
    .min(1, 'Select a sector')
    .describe("Key of one of the trust's sectors"),
});

export const ORGANISATION_NAME_MAX = 120;
export const BULK_ORGANISATIONS_MAX = 200;
export const BULK_TEXT_MAX = 30_000;

/** Many organisations in one sector: the names are checked by addOrganisations. */
export const bulkOrganisationsFormSchema = z.object({
  names: z
    .string({ error: 'Enter the names of the organisations, one on each line' })
    .max(
      BULK_TEXT_MAX,
      `The list must be ${BULK_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`,
    ),
  sector: organisationSchema.shape.sector,
});

export const bulkOrganisationsApiSchema = z.object({
  names: z
    .array(z.string({ error: 'Enter each name as text' }), {
      error: 'Enter the names of the organisations as a list',
    })
    .max(
      BULK_ORGANISATIONS_MAX * 2,
      `Enter ${BULK_ORGANISATIONS_MAX} organisations or fewer at a time`,
    )
    .describe(
      `Names of the organisations, at most ${BULK_ORGANISATIONS_MAX} and each at most ${ORGANISATION_NAME_MAX} characters; blank names are skipped; none may repeat another or an existing organisation (ignoring case)`,
    ),
  sector: organisationSchema.shape.sector,
});

export const headcountValueSchema = z
  .number({ error: 'Headcount must be a whole number or null' })
  .int('Headcount must be a whole number')
  .min(0, 'Headcount must be 0 or more')
  .max(MAX_HEADCOUNT, 'Headcount must be 1,000,000 or fewer')
  .nullable()
  .describe('People in this sector who work with children; null when not known');

export function headcountFieldName(sectorKey: string): string {
  return `headcount-${sectorKey}`;
}

/** One text field per sector: blank means not known, absent means leave as it is. */
export function headcountFormSchema(sectors: { key: string; name: string }[]) {
  return z.object(
    Object.fromEntries(sectors.map((s) => [headcountFieldName(s.key), headcountField(s.name)])),
  );
}

function headcountField(sectorName: string) {
  const wholeNumber = `Enter the headcount for ${sectorName} as a whole number, like 250`;
  return z
    .string({ error: wholeNumber })
    .optional()
    .transform((raw, ctx): number | null | undefined => {
      if (raw === undefined) return undefined;
      const value = raw.replace(/[,\s]/g, '');
      if (value === '') return null;
      if (/^-\d+(\.\d+)?$/.test(value)) {
        ctx.addIssue({ code: 'custom', message: `Headcount for ${sectorName} must be 0 or more` });
        return z.NEVER;
      }
      if (!/^\d+$/.test(value)) {
        ctx.addIssue({ code: 'custom', message: wholeNumber });
        return z.NEVER;
      }
      const n = Number(value);
      if (n > MAX_HEADCOUNT) {
        ctx.addIssue({
          code: 'custom',
          message: `Headcount for ${sectorName} must be 1,000,000 or fewer`,
        });
        return z.NEVER;
      }
      return n;
    });
}

/** A key for a trust's own sector, from its name: lower case words joined by hyphens. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
}
