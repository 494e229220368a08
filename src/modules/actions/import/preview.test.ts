import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { KnownLead } from '../leads.ts';
import type { ImportedAction } from '../types.ts';
import {
  COUNCIL_PLAN_FIRST_LINE,
  COUNCIL_PLAN_LEADS,
  COUNCIL_PLAN_TODAY,
  councilPlanCsv,
} from './fixtures/council-plan.ts';
import { TOO_MANY_ROWS_MESSAGE } from './limits.ts';
import { previewImport } from './preview.ts';
import type { PreviewRow } from './preview-types.ts';
import { readDelimitedText } from './read-text.ts';

// The preview of an import: the council-shaped fixture understood row by row, and each kind
// of bad row shown on its line for a person to fix. The people and actions are invented.

const options = { known: COUNCIL_PLAN_LEADS, today: COUNCIL_PLAN_TODAY };

function rowsOf(text: string): string[][] {
  const read = readDelimitedText(text);
  assert.ok(read.ok);
  return read.rows;
}

const fixture = () => previewImport(rowsOf(councilPlanCsv()), options);

function rowAt(rows: readonly PreviewRow[], line: number): PreviewRow {
  const row = rows.find((found) => found.line === line);
  assert.ok(row, `no row at line ${line}`);
  return row;
}

function itemAt(rows: readonly PreviewRow[], line: number): ImportedAction {
  const { item } = rowAt(rows, line);
  assert.ok(item, `no item at line ${line}`);
  return item;
}

describe('previewing the council-shaped plan', () => {
  it('understands every row, with the table found below its title rows', () => {
    const preview = fixture();
    assert.equal(preview.ready, true);
    assert.deepEqual(preview.problems, []);
    assert.equal(preview.rows.length, 12);
    assert.equal(preview.items.length, 12);
    for (const row of preview.rows) assert.deepEqual(row.problems, [], `line ${row.line}`);
    assert.deepEqual(
      preview.rows.map((row) => row.line),
      Array.from({ length: 12 }, (_, i) => COUNCIL_PLAN_FIRST_LINE + i),
    );
    assert.match(preview.above[0] ?? '', /Children's Workforce Action Plan/);
  });

  it('says which column became which field, skipping the blank column', () => {
    const { mapping, header } = fixture();
    assert.deepEqual(
      mapping.fields.map(({ field, column, header: heading }) => `${column} ${heading} ${field}`),
      [
        'A No number',
        'B Action title',
        'D Lead Officer lead',
        'E Target Date target',
        'F Progress progress',
        'G RAG rag',
      ],
    );
    assert.deepEqual(header, ['No', 'Action', 'Lead Officer', 'Target Date', 'Progress', 'RAG']);
    assert.deepEqual(mapping.unknown, []);
    assert.equal(mapping.numbered, false);
  });

  it('reads two leads in one cell, known by their job titles, and a named lead', () => {
    const { rows } = fixture();
    const first = rowAt(rows, 5);
    assert.deepEqual(first.values.leads, [
      { text: 'Head of Workforce', kind: 'user', userId: 'user-workforce', name: 'Asha Patel' },
      { text: 'Training Manager', kind: 'user', userId: 'user-training', name: 'Ben Okafor' },
    ]);
    assert.deepEqual(first.item?.leads, [
      { userId: 'user-workforce' },
      { userId: 'user-training' },
    ]);
    const third = rowAt(rows, 7);
    assert.deepEqual(third.item?.leads, [
      { userId: 'user-workforce' },
      { name: 'Schools Workforce Adviser' },
    ]);
    assert.equal(third.values.leads[1]?.kind, 'named');
  });

  it('reads a revised date stated in the progress, with its sentence as the reason', () => {
    const row = rowAt(fixture().rows, 6);
    assert.equal(row.values.target, 'November 2009');
    assert.equal(row.values.revisedTarget, '31 December 2009');
    assert.equal(
      row.values.revisedReason,
      'Target date now revised to 31st Dec 2009, after the partnership board.',
    );
    const item = itemAt(fixture().rows, 6);
    assert.deepEqual(item.target, { kind: 'month', year: 2009, month: 11 });
    assert.deepEqual(item.revisedTarget, { kind: 'day', date: '2009-12-31' });
    assert.equal(item.rag, 'amber');
    assert.equal(item.status, 'in-progress');
    assert.deepEqual(item.updates, [
      {
        updatedOn: COUNCIL_PLAN_TODAY,
        text: 'Writing started but the pack was held up by the consultation. Target date now revised to 31st Dec 2009, after the partnership board.',
        status: 'in-progress',
        authorName: '',
      },
    ]);
  });

  it('reads each spelling of a target date', () => {
    const targets = fixture().rows.map((row) => row.values.target);
    assert.deepEqual(targets, [
      'October 2009',
      'November 2009',
      'April 2010',
      '2011',
      'July to September 2010',
      'December 2009',
      'November 2009',
      '30 November 2009',
      'Ongoing',
      'March 2010',
      'September 2010',
      '31 January 2010',
    ]);
    const endOfDecember = rowAt(fixture().rows, 10);
    assert.match(endOfDecember.values.targetNote ?? '', /year taken as 2009/);
  });

  it('leaves an empty RAG to the suggestion and decides the status from the other columns', () => {
    const { rows } = fixture();
    const noProgress = itemAt(rows, 7);
    assert.equal(noProgress.rag, null);
    assert.equal(noProgress.status, 'not-started');
    assert.deepEqual(noProgress.updates, []);
    const withProgress = itemAt(rows, 15);
    assert.equal(withProgress.rag, null);
    assert.equal(withProgress.status, 'in-progress');
    assert.equal(itemAt(rows, 11).status, 'complete');
    assert.equal(itemAt(rows, 14).status, 'not-started');
  });

  it('dates an update by the day its progress starts with', () => {
    const row = rowAt(fixture().rows, 11);
    assert.equal(row.values.progressDate, '2009-09-28');
    assert.equal(row.item?.updates[0]?.updatedOn, '2009-09-28');
  });

  it('gives every item the shape the service stores', () => {
    const item = rowAt(fixture().rows, 13).item;
    assert.deepEqual(item, {
      line: 13,
      number: '9',
      title: "Keep the partnership's workforce data up to date",
      description: '',
      frameworkVersion: null,
      areas: [],
      dimensions: [],
      focusAreaId: null,
      roundId: null,
      leads: [{ name: 'Workforce Data Officer' }],
      partners: '',
      target: { kind: 'ongoing' },
      revisedTarget: null,
      revisedReason: '',
      successMeasure: '',
      status: 'in-progress',
      updates: [
        {
          updatedOn: COUNCIL_PLAN_TODAY,
          text: 'Figures refreshed every quarter.',
          status: 'in-progress',
          authorName: '',
        },
      ],
      rag: 'green',
    });
  });
});

describe('rows a person must fix', () => {
  const known: KnownLead[] = [
    ...COUNCIL_PLAN_LEADS,
    { id: 'user-jo-bell', name: 'Jo Bell', aliases: ['Jo'] },
    { id: 'user-jo-hart', name: 'Jo Hart', aliases: ['Jo'] },
  ];
  const table = [
    'No,Action,Lead,Target date,Progress,RAG',
    '1,Agree the induction standard,Asha Patel,sometime soonish,,',
    '2,Publish the induction pack,Ben Okafor,31 February 2010,,',
    '3,Run joint induction days,Jo,Apr-10,,',
    '4,Train supervisors,Ben Okafor,Q3 2010,,',
    '4,Map training on offer,Ben Okafor,2011,,',
    '5,,Ben Okafor,2011,Started,',
    '6,Review the plan,Asha Patel,Jan-10,,Purple',
  ].join('\n');
  const preview = previewImport(rowsOf(table), { known, today: COUNCIL_PLAN_TODAY });
  const problemsAt = (line: number) => rowAt(preview.rows, line).problems;

  it('is not ready, and keeps no item for a row with a problem', () => {
    assert.equal(preview.ready, false);
    assert.deepEqual(
      preview.rows.filter((row) => row.item === null).map((row) => row.line),
      [2, 3, 4, 5, 6, 7, 8],
    );
    assert.deepEqual(preview.items, []);
  });

  it('shows parseTargetDate’s message for a date it cannot read, and for 31 February', () => {
    assert.deepEqual(problemsAt(2), [
      {
        field: 'target',
        message:
          '"sometime soonish" is not a target date we understand — enter a date (31/12/2009), month (December 2009), quarter (Q3 2010), year (2011) or \'ongoing\'',
      },
    ]);
    assert.deepEqual(problemsAt(3), [
      {
        field: 'target',
        message: '"31 February 2010" is not a real date — February 2010 has 28 days',
      },
    ]);
  });

  it('names the people an ambiguous lead could be', () => {
    assert.deepEqual(problemsAt(4), [
      {
        field: 'lead',
        message: '"Jo" could be Jo Bell and Jo Hart — write the lead\'s full name or email address',
      },
    ]);
    assert.deepEqual(rowAt(preview.rows, 4).values.leads, [
      { text: 'Jo', kind: 'ambiguous', candidates: ['Jo Bell', 'Jo Hart'] },
    ]);
  });

  it('names both lines of a number used twice', () => {
    assert.deepEqual(problemsAt(5), [
      {
        field: 'number',
        message: 'Action number 4 is also used on line 6 — give each action its own number',
      },
    ]);
    assert.deepEqual(problemsAt(6), [
      {
        field: 'number',
        message: 'Action number 4 is also used on line 5 — give each action its own number',
      },
    ]);
    assert.deepEqual(preview.problems, [
      {
        message: 'Action number 4 is used on lines 5 and 6 — give each action its own number',
        lines: [5, 6],
      },
    ]);
  });

  it('asks for the action when the title is missing, and refuses an unknown RAG', () => {
    assert.deepEqual(problemsAt(7), [
      { field: 'title', message: 'Enter the action — this row has no text in the action column' },
    ]);
    assert.deepEqual(problemsAt(8), [
      {
        field: 'rag',
        message: '"Purple" is not a RAG status — enter Red, Amber, Green, Complete or Not started',
      },
    ]);
  });

  it('asks for a reason when a revised target date column has no progress to explain it', () => {
    const revised = previewImport(
      rowsOf(
        'No,Action,Target date,Revised target date,Progress\n1,Run induction days,Apr-10,Jun-10,',
      ),
      options,
    );
    assert.deepEqual(revised.rows[0]?.problems, [
      {
        field: 'revisedTarget',
        message:
          'Say why the target date was revised in the progress, or leave the revised target date empty',
      },
    ]);
    const explained = previewImport(
      rowsOf(
        'No,Action,Target date,Revised target date,Progress\n1,Run induction days,Apr-10,Jun-10,Venue not free until June.',
      ),
      options,
    );
    const item = itemAt(explained.rows, 2);
    assert.equal(item.revisedReason, 'Venue not free until June.');
    assert.deepEqual(item.revisedTarget, {
      kind: 'month',
      year: 2010,
      month: 6,
    });
  });
});

describe('tables as a whole', () => {
  it('numbers the actions 1, 2, 3 when there is no number column', () => {
    const preview = previewImport(
      rowsOf('Action,Lead,Deadline\nAgree induction,Asha Patel,Oct-09\nRun training,,2011'),
      options,
    );
    assert.equal(preview.mapping.numbered, true);
    assert.deepEqual(
      preview.items.map((item) => item.number),
      ['1', '2'],
    );
  });

  it('lists a column it does not recognise and leaves it out', () => {
    const preview = previewImport(rowsOf('Ref,Action,Budget\n1,Agree induction,£2000'), options);
    assert.deepEqual(preview.mapping.unknown, [{ column: 'C', header: 'Budget' }]);
    assert.deepEqual(preview.mapping.messages, [
      'Column C ("Budget") is not a column we recognise and is left out',
    ]);
    assert.equal(preview.ready, true);
  });

  it('refuses a table with no header row', () => {
    const preview = previewImport(
      [
        ['Induction pack', 'October'],
        ['Training', '2011'],
      ],
      options,
    );
    assert.equal(preview.ready, false);
    assert.match(preview.problems[0]?.message ?? '', /^There is no header row/);
    assert.deepEqual(preview.rows, []);
  });

  it('refuses a table without an action column, and one with no actions', () => {
    const noTitle = previewImport(rowsOf('No,Lead,Target date\n1,Asha Patel,2011'), options);
    assert.equal(
      noTitle.problems[0]?.message,
      'There is no column for the action — add a column headed "Action"',
    );
    const empty = previewImport(rowsOf('No,Action,Lead\n,,'), options);
    assert.match(empty.problems[0]?.message ?? '', /no actions under it/);
  });

  it('refuses more than 5,000 actions without previewing them', () => {
    const rows = [
      ['No', 'Action'],
      ...Array.from({ length: 50_000 }, (_, i) => [String(i + 1), 'Train staff']),
    ];
    const started = performance.now();
    const preview = previewImport(rows, options);
    assert.ok(performance.now() - started < 200, 'refused quickly');
    assert.deepEqual(preview.problems, [{ message: TOO_MANY_ROWS_MESSAGE, lines: [] }]);
    assert.deepEqual(preview.rows, []);
    const justOver = previewImport(rows.slice(0, 5_002), options);
    assert.deepEqual(justOver.problems, [{ message: TOO_MANY_ROWS_MESSAGE, lines: [] }]);
  });

  it('previews 5,000 actions well within a second', () => {
    const spellings = ['Oct-09', '31st Dec 2009', 'Q3 2010', 'on-going', 'end of December', '2011'];
    const rows = [
      ['No', 'Action', 'Lead Officer', 'Target Date', 'Progress', 'RAG'],
      ...Array.from({ length: 5_000 }, (_, i) => [
        String(i + 1),
        `Action ${i + 1}`,
        'Head of Workforce / Training Manager',
        spellings[i % spellings.length] ?? '',
        'Target date now revised to 31st Dec 2009, after the board.',
        i % 3 === 0 ? '' : 'Amber',
      ]),
    ];
    previewImport(rows.slice(0, 50), options);
    const started = performance.now();
    const preview = previewImport(rows, options);
    const took = performance.now() - started;
    assert.equal(preview.items.length, 5_000);
    assert.ok(took < 1_000, `took ${Math.round(took)} ms`);
  });

  it('never throws, whatever the cells hold', () => {
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom('No', 'Action', 'Lead', 'Target date', 'Progress', 'RAG', 'Status', 'Jo', ''),
      fc.constantFrom('31 February 2010', 'revised to', 'Oct-09', 'Q5 2010', 'A / B and C', '1.2.'),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 12 }), (rows) => {
        const preview = previewImport(rows, options);
        for (const row of preview.rows) assert.equal(row.item === null, row.problems.length > 0);
      }),
      { numRuns: 300 },
    );
  });
});
