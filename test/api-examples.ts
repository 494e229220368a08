import type { ApiOperation } from '../src/web/api-route.ts';

// Whether each operation's worked example (src/web/api-route.ts) parses with the operation's
// own schemas: an example that has drifted from its schemas is named with what is wrong.

/** The problems of the operations' examples; empty when every one has an example that parses. */
export function exampleProblems(operations: readonly ApiOperation[]): string[] {
  const problems: string[] = [];
  for (const op of operations) {
    const name = `${op.method} ${op.url}`;
    if (op.example === undefined) {
      problems.push(`${name}: no example`);
      continue;
    }
    const answer = op.response.safeParse(op.example.response);
    if (!answer.success) problems.push(`${name}: answer: ${answer.error.message}`);
    if (op.body === undefined) continue;
    // A body that is a file (a workbook) and nothing else has no JSON example to give.
    const fileOnly = op.bodyContentType !== undefined && op.body.safeParse(undefined).success;
    if (op.example.request === undefined && fileOnly) continue;
    if (op.example.request === undefined) {
      problems.push(`${name}: no example request`);
      continue;
    }
    const request = op.body.safeParse(op.example.request);
    if (!request.success) problems.push(`${name}: request: ${request.error.message}`);
  }
  return problems;
}
