import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnName, fieldOf, mapHeaders, type ActionField } from './headers.ts';
import { NO_HEADER_MESSAGE, normaliseRows } from './rows.ts';

// Header rows and tables as action plans are pasted or uploaded. All text is fictional.

describe('reading header spellings', () => {
  it('knows the spellings plans use for each field', () => {
    const spellings: [ActionField, string[]][] = [
      [
        'number',
        ['No', 'No.', 'NO', 'Ref', 'Ref.', 'Number', '#', 'Action No', 'Action no.', 'Ref No'],
      ],
      ['title', ['Action', 'Actions', 'Action/Task', 'ACTION / TASK', 'Task', 'Action required']],
      [
        'lead',
        ['Lead', 'Lead Officer', 'Lead officer(s)', 'Responsible', 'Owner', 'Who', 'By whom'],
      ],
      ['target', ['Target Date', 'Target', 'Deadline', 'By when', 'By when?', 'Timescale', 'Date']],
      ['revisedTarget', ['Revised target date', 'Revised date', 'Target date (revised)']],
      ['progress', ['Progress', 'Progress update', 'Update', 'Comments', 'Progress to date']],
      ['rag', ['RAG', 'R.A.G.', 'RAG status', 'Status (RAG)', 'RAG Rating', 'BRAG']],
      ['status', ['Status', 'STATUS', ' status ']],
      ['successMeasure', ['Success measure', 'Outcome', 'Measure of success', 'Success criteria']],
    ];
    for (const [field, headers] of spellings) {
      for (const header of headers) assert.equal(fieldOf(header)?.field, field, header);
    }
    for (const header of ['', '  ', 'Budget', 'Colour', 'Cost (£)']) {
      assert.equal(fieldOf(header), null, header);
    }
  });

  it('maps a header row, leaving blank columns aside and reporting unknown ones', () => {
    const mapping = mapHeaders([
      'No.',
      'Action',
      '',
      'Lead officer(s)',
      'Target Date',
      'Budget',
      'Progress',
      'RAG status',
    ]);
    assert.deepEqual(mapping.columns, {
      number: 0,
      title: 1,
      lead: 3,
      target: 4,
      progress: 6,
      rag: 7,
    });
    assert.deepEqual(mapping.unknown, [{ index: 5, header: 'Budget' }]);
    assert.deepEqual(mapping.missing, []);
    assert.deepEqual(mapping.absent, ['revisedTarget', 'status', 'successMeasure']);
    assert.deepEqual(mapping.messages, [
      'Column F ("Budget") is not a column we recognise and is left out',
    ]);
  });

  it('uses the stronger spelling when two columns could be one field', () => {
    const mapping = mapHeaders([
      'Ref',
      'Actions',
      'Date',
      'Target date',
      'Comments',
      'Progress update',
    ]);
    assert.deepEqual(mapping.columns, { number: 0, title: 1, target: 3, progress: 5 });
    assert.deepEqual(mapping.duplicates, [
      { index: 2, header: 'Date', field: 'target', used: 3 },
      { index: 4, header: 'Comments', field: 'progress', used: 5 },
    ]);
    assert.deepEqual(mapping.messages, [
      'Column C ("Date") is also a target date column: column D ("Target date") is used',
      'Column E ("Comments") is also a progress column: column F ("Progress update") is used',
    ]);
    assert.deepEqual(mapHeaders(['Action', 'Lead', 'Owner']).duplicates, [
      { index: 2, header: 'Owner', field: 'lead', used: 1 },
    ]);
  });

  it('reports a missing action column, and only that', () => {
    const mapping = mapHeaders(['No', 'Lead', 'Target date']);
    assert.deepEqual(mapping.missing, ['title']);
    assert.deepEqual(mapping.messages, [
      'There is no column for the action — add a column headed "Action"',
    ]);
    assert.deepEqual(mapHeaders(['Action', 'Lead']).missing, []);
    assert.ok(mapHeaders(['Action', 'Lead']).absent.includes('number'));
  });

  it('names columns as spreadsheets do', () => {
    assert.deepEqual([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName), [
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });
});

describe('finding the table in rows', () => {
  it('finds the header below a title, and drops blank rows and columns', () => {
    const result = normaliseRows([
      ['Hollowmere Children’s Trust workforce action plan 2009/10', '', '', '', ''],
      ['', '', '', '', ''],
      ['Updated for the executive, November 2009'],
      ['', 'No', 'Action', ' Lead ', 'Target date', ''],
      ['', '1', 'Agree induction standard', 'Priya Shah', 'Oct-09', ''],
      ['', '', '', '', '', ''],
      ['', '2', 'Run two joint workshops', 'Tom Reed / Ana Costa', 'Q1 2010'],
      ['', '2.1', 'Book venues'],
    ]);
    assert.ok(result.ok);
    assert.deepEqual(result.table, {
      header: ['No', 'Action', 'Lead', 'Target date'],
      rows: [
        ['1', 'Agree induction standard', 'Priya Shah', 'Oct-09'],
        ['2', 'Run two joint workshops', 'Tom Reed / Ana Costa', 'Q1 2010'],
        ['2.1', 'Book venues', '', ''],
      ],
      rowNumbers: [5, 7, 8],
      headerRowNumber: 4,
      columns: [1, 2, 3, 4],
      above: [
        'Hollowmere Children’s Trust workforce action plan 2009/10',
        'Updated for the executive, November 2009',
      ],
    });
  });

  it('keeps a column with a blank header but values, drops repeated headers, reads cells of any type', () => {
    const result = normaliseRows([
      ['Ref', 'Action', 'Deadline', '', 'RAG'],
      [
        1,
        'Publish the induction pack\r\nand guidance',
        new Date(Date.UTC(2009, 11, 31)),
        'note',
        null,
      ],
      ['Ref', 'Action', 'Deadline', '', 'RAG'],
      [2, 'Review the pack', 'Mar-10', undefined, 'G'],
    ]);
    assert.ok(result.ok);
    assert.deepEqual(result.table.header, ['Ref', 'Action', 'Deadline', '', 'RAG']);
    assert.deepEqual(result.table.rows, [
      ['1', 'Publish the induction pack\nand guidance', '2009-12-31', 'note', ''],
      ['2', 'Review the pack', 'Mar-10', '', 'G'],
    ]);
    assert.deepEqual(result.table.rowNumbers, [2, 4]);
  });

  it('picks the row naming the most fields', () => {
    const result = normaliseRows([
      ['Action plan', 'Status: draft'],
      ['No', 'Action', 'Lead', 'Progress', 'RAG'],
      ['1', 'Action on the plan', 'Lead to follow', '', ''],
    ]);
    assert.ok(result.ok);
    assert.equal(result.table.headerRowNumber, 2);
    assert.deepEqual(result.table.above, ['Action plan Status: draft']);
  });

  it('says so when there is no header row', () => {
    for (const rows of [
      [],
      [['', '']],
      [['Hollowmere plan'], ['1', 'Agree the standard']],
      [['Action']],
    ]) {
      assert.deepEqual(normaliseRows(rows), { ok: false, message: NO_HEADER_MESSAGE });
    }
  });
});
