import { z } from 'zod';
import { ValidationError } from '../../kernel/errors.ts';

// The equality filters of a list: one per scalar property of its items (text, number,
// true/false, one of a set of values, or null), named as the property. A filter's value is
// read by the property's type, so ?responses=3 is the number 3 and ?invited=true the boolean.
// A property that is a list of such values matches the items whose list holds the value
// (?roles=viewer).

type Scalar = string | number | boolean | null;

export interface Filter {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean';
  /** The values a property of fixed values may have. */
  values?: readonly Scalar[];
  /** The property may be null: ?name=null matches the items without a value. */
  nullable: boolean;
  /** The property is a list of values: an item matches when its list holds the value. */
  many: boolean;
  description?: string;
}

interface PropertySchema {
  type?: unknown;
  enum?: unknown[];
  nullable?: boolean;
  description?: string;
  items?: PropertySchema;
}

const TYPES = new Set(['string', 'number', 'integer', 'boolean']);

/** The filter a property allows, or undefined when it is not a scalar (a list, an object…). */
function filterOf(name: string, schema: z.ZodType): Filter | undefined {
  // The JSON Schema of the answer as clients read it: the same view the document gives.
  const json = z.toJSONSchema(schema, {
    io: 'output',
    target: 'openapi-3.0',
    unrepresentable: 'any',
  }) as PropertySchema;
  const many = json.type === 'array';
  const value = many ? (json.items ?? {}) : json;
  if (typeof value.type !== 'string' || !TYPES.has(value.type)) return undefined;
  const values = value.enum?.filter(
    (v): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v),
  );
  return {
    name,
    type: value.type as Filter['type'],
    ...(values === undefined ? {} : { values }),
    nullable: value.nullable === true,
    many,
    ...(json.description === undefined ? {} : { description: json.description }),
  };
}

/** The filters of a list whose items have this schema, leaving out the names taken. */
export function filtersOf(item: z.ZodObject, taken: ReadonlySet<string>): Filter[] {
  const shape = item.shape as Record<string, z.ZodType>;
  return Object.entries(shape)
    .filter(([name]) => !taken.has(name))
    .map(([name, schema]) => filterOf(name, schema))
    .filter((f): f is Filter => f !== undefined);
}

function refuse(name: string, message: string): never {
  throw new ValidationError([{ field: `query.${name}`, message }]);
}

/** The value a filter asks for, read by the property's type. */
export function filterValue(filter: Filter, raw: unknown): Scalar {
  const { name } = filter;
  if (typeof raw !== 'string') return refuse(name, `Give ${name} once, as a single value`);
  if (filter.nullable && raw === 'null') return null;
  if (filter.values !== undefined) {
    const value = filter.values.find((v) => String(v) === raw);
    if (value === undefined)
      refuse(name, `${name} must be one of: ${filter.values.map(String).join(', ')}`);
    return value;
  }
  switch (filter.type) {
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') refuse(name, `${name} must be true or false`);
      return raw === 'true';
    case 'integer':
      if (!/^-?\d{1,15}$/.test(raw)) refuse(name, `${name} must be a whole number`);
      return Number(raw);
    case 'number': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) refuse(name, `${name} must be a number`);
      return value;
    }
    default:
      return raw;
  }
}

/** Whether a property's value is what a filter asks for (an absent property is null). */
function holds(property: unknown, value: Scalar): boolean {
  if (Array.isArray(property)) return property.some((p) => (p ?? null) === value);
  return (property ?? null) === value;
}

/** The items whose properties match every value asked for. */
export function applyFilters(
  items: readonly unknown[],
  wanted: ReadonlyMap<string, Scalar>,
): unknown[] {
  if (wanted.size === 0) return [...items];
  return items.filter((item) => {
    const record = (item ?? {}) as Record<string, unknown>;
    for (const [name, value] of wanted) if (!holds(record[name], value)) return false;
    return true;
  });
}
