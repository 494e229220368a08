import type { ApiOperation } from '../../web/api-route.ts';
import type { Filter } from './filters.ts';
import { listSpecOf } from './lists.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './pagination.ts';
import { twinOf } from './if-match.ts';

// What the OpenAPI document says of the manners every list and every update share: the
// page size, cursor and filters of lists with their Link and X-Total-Count headers, and
// If-Match on the updates whose resource can be read.

export const MANNER_PARAMETERS = {
  Limit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: `Items per page, from 1 to ${MAX_LIMIT} (${DEFAULT_LIMIT} if not given)`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
  },
  Cursor: {
    name: 'cursor',
    in: 'query',
    required: false,
    description:
      'Where the page starts: the cursor of the Link header (rel="next") of the page before, sent as it is. It fits only the list (address and filters) that gave it.',
    schema: { type: 'string' },
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description:
      'The ETag of the resource as you read it (GET), or * for any: the change is made only if the resource has not changed since; otherwise 412 and nothing changes',
    schema: { type: 'string' },
  },
};

export const MANNER_HEADERS = {
  Link: {
    description:
      'The next page, as <address>; rel="next" (RFC 8288), with the same filters and limit; absent on the last page',
    schema: { type: 'string' },
  },
  XTotalCount: {
    description: 'How many items match the filters, on every page together',
    schema: { type: 'integer' },
  },
};

function filterParameter(filter: Filter) {
  const values = filter.values === undefined ? {} : { enum: filter.values };
  const what = filter.many ? `include this value` : `is this value`;
  const orNull = filter.nullable ? ' (null for none)' : '';
  const about = filter.description === undefined ? '' : `. ${filter.description}`;
  return {
    name: filter.name,
    in: 'query',
    required: false,
    description: `Filter: only the items whose ${filter.name} ${what}${orNull}${about}`,
    schema: { type: filter.type, ...values, ...(filter.nullable ? { nullable: true } : {}) },
  };
}

/** The parameters lists and updates have besides their own. */
export function mannerParameters(def: ApiOperation, operations: readonly ApiOperation[]) {
  const list = listSpecOf(def);
  if (list !== undefined)
    return [
      ...list.filters.map(filterParameter),
      { $ref: '#/components/parameters/Limit' },
      { $ref: '#/components/parameters/Cursor' },
    ];
  if (twinOf(def, operations) !== undefined) return [{ $ref: '#/components/parameters/IfMatch' }];
  return [];
}

/** An answer of the problem kind, described; openapi.ts gives it the problem schema. */
const problemRef = (description: string) => ({ description });

/** The answers and headers lists and updates have besides their own. */
export function mannerResponses(
  def: ApiOperation,
  operations: readonly ApiOperation[],
): {
  success?: string;
  headers: Record<string, unknown>;
  responses: Record<string, { description: string }>;
} {
  if (listSpecOf(def) !== undefined)
    return {
      success: 'Success: one page of the list (the Link header gives the next)',
      headers: {
        Link: { $ref: '#/components/headers/Link' },
        'X-Total-Count': { $ref: '#/components/headers/XTotalCount' },
      },
      responses: {
        '400': problemRef(
          'Invalid request: a field error for a bad limit or filter value; urn:ocw:problem:unknown-filter for a query parameter this list does not take; urn:ocw:problem:bad-cursor for a cursor of another list, a changed cursor or one whose item is no longer in the list',
        ),
      },
    };
  const twin = twinOf(def, operations);
  if (twin !== undefined) {
    const read = twin.get.url.replace(/:([A-Za-z]+)/g, '{$1}');
    return {
      headers:
        def.method === 'DELETE'
          ? {}
          : {
              ETag: {
                description: `The ETag of GET ${read} after the change, for the next If-Match`,
                schema: { type: 'string' },
              },
            },
      responses: {
        '412': problemRef(
          `If-Match names another ETag than GET ${read} has now (urn:ocw:problem:precondition-failed): nothing was changed`,
        ),
      },
    };
  }
  if (['PUT', 'PATCH', 'DELETE'].includes(def.method))
    return {
      headers: {},
      responses: {
        '400': problemRef(
          'Invalid request: a list of field errors, or If-Match sent to an update that does not take it (urn:ocw:problem:if-match-unsupported)',
        ),
      },
    };
  return { headers: {}, responses: {} };
}
