import { apiOperations, type ApiServices } from '../../operations.ts';
import type { ApiOperation } from '../../web/api-route.ts';

// What tests of the API's manners need: the list of operations, built without services (the
// handlers are never called), so that a test can go through every operation there is.

/** A stand-in for any service: every property and every call gives the stand-in again. */
const standIn: unknown = new Proxy(() => standIn, {
  get: () => standIn,
  apply: () => standIn,
});

/** Every operation of the API, as src/operations.ts lists them. */
export function everyOperation(): ApiOperation[] {
  return apiOperations(standIn as ApiServices);
}
