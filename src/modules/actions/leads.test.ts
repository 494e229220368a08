import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { leadKey, matchLead, matchLeads, splitLeads, type KnownLead } from './leads.ts';

// Leads as action plans write them in one cell. The people and teams are fictional.

describe('splitting a cell into leads', () => {
  it('splits on the separators councils use', () => {
    const cases: [string, string[]][] = [
      ['Priya Shah / Tom Reed', ['Priya Shah', 'Tom Reed']],
      ['Priya Shah/Tom Reed', ['Priya Shah', 'Tom Reed']],
      ['Priya Shah and Tom Reed', ['Priya Shah', 'Tom Reed']],
      ['Priya Shah AND Tom Reed', ['Priya Shah', 'Tom Reed']],
      ['Priya Shah, Tom Reed', ['Priya Shah', 'Tom Reed']],
      ['Priya Shah & Tom Reed', ['Priya Shah', 'Tom Reed']],
      ['Priya Shah; Tom Reed', ['Priya Shah', 'Tom Reed']],
      ['Priya Shah + Tom Reed', ['Priya Shah', 'Tom Reed']],
      ['Priya Shah\nTom Reed', ['Priya Shah', 'Tom Reed']],
      ['Priya Shah\r\nTom Reed', ['Priya Shah', 'Tom Reed']],
      ['Priya Shah, Tom Reed and Ana Costa', ['Priya Shah', 'Tom Reed', 'Ana Costa']],
      ['Priya Shah, Tom Reed, and Ana Costa', ['Priya Shah', 'Tom Reed', 'Ana Costa']],
      ['Priya Shah (chair) / Tom Reed', ['Priya Shah (chair)', 'Tom Reed']],
      [
        'Priya Shah (chair and convenor) / Tom Reed',
        ['Priya Shah (chair and convenor)', 'Tom Reed'],
      ],
      [
        'Head of Service [Early Years, Play] / Tom Reed',
        ['Head of Service [Early Years, Play]', 'Tom Reed'],
      ],
      ['- Priya Shah\n- Tom Reed\n• Ana Costa', ['Priya Shah', 'Tom Reed', 'Ana Costa']],
      ['  Priya   Shah  /  Tom Reed.  ', ['Priya Shah', 'Tom Reed']],
      ['L&D Team', ['L&D Team']],
      ['HR/OD', ['HR', 'OD']],
      ['Workforce Sub-group', ['Workforce Sub-group']],
      ['Children and Families Team', ['Children', 'Families Team']],
    ];
    for (const [cell, leads] of cases) assert.deepEqual(splitLeads(cell), leads, cell);
  });

  it('keeps no empty leads and each lead once', () => {
    assert.deepEqual(splitLeads(''), []);
    assert.deepEqual(splitLeads(' / ;, \n - '), []);
    assert.deepEqual(splitLeads('Tom Reed / tom  reed / TOM REED'), ['Tom Reed']);
    assert.deepEqual(splitLeads('Tom Reed,, / Ana Costa /'), ['Tom Reed', 'Ana Costa']);
    assert.deepEqual(splitLeads('and Tom Reed and'), ['Tom Reed']);
  });

  it('never splits a name it is told to keep', () => {
    const keep = ['Children and Families Team', 'Learning & Development'];
    assert.deepEqual(
      splitLeads('children and  families team / Learning & Development and Tom Reed', { keep }),
      ['children and families team', 'Learning & Development', 'Tom Reed'],
    );
    assert.deepEqual(splitLeads('Grandchildren and Families Team', { keep }), [
      'Grandchildren',
      'Families Team',
    ]);
  });
});

const KNOWN: KnownLead[] = [
  { id: 'p1', name: 'Priya Shah', email: 'priya.shah@example.org' },
  {
    id: 'p2',
    name: 'Tom Reed',
    email: 'TOM.REED@example.org',
    aliases: ['Head of Workforce Development'],
  },
  { id: 't1', name: 'Children and Families Team' },
  { id: 'p3', name: 'Sam Ng' },
  { id: 'p4', name: 'Sam  Ng' },
  { id: 'p5', name: 'Dee O’Brien' },
];

describe('matching a lead to the people and teams the trust knows', () => {
  it('matches by name, alias or email, ignoring case and spacing', () => {
    assert.deepEqual(matchLead('Priya Shah', KNOWN), { matched: 'p1' });
    assert.deepEqual(matchLead('  priya   SHAH ', KNOWN), { matched: 'p1' });
    assert.deepEqual(matchLead('tom.reed@example.org', KNOWN), { matched: 'p2' });
    assert.deepEqual(matchLead('head of workforce development', KNOWN), { matched: 'p2' });
    assert.deepEqual(matchLead("Dee O'Brien", KNOWN), { matched: 'p5' });
    assert.deepEqual(matchLead('Priya Shah (chair)', KNOWN), { matched: 'p1' });
    assert.deepEqual(matchLead('P Shah <priya.shah@example.org>', KNOWN), { matched: 'p1' });
  });

  it('says when a lead is unknown, or could be two people', () => {
    assert.deepEqual(matchLead('Ana  Costa', KNOWN), { unknown: 'Ana Costa' });
    assert.deepEqual(matchLead('Sam Ng', KNOWN), { ambiguous: 'Sam Ng', candidates: ['p3', 'p4'] });
    assert.deepEqual(matchLead('', KNOWN), { unknown: '' });
  });

  it('splits a cell keeping known team names whole', () => {
    assert.deepEqual(matchLeads('Children and Families Team / Priya Shah and Ana Costa', KNOWN), [
      { text: 'Children and Families Team', match: { matched: 't1' } },
      { text: 'Priya Shah', match: { matched: 'p1' } },
      { text: 'Ana Costa', match: { unknown: 'Ana Costa' } },
    ]);
  });
});

describe('lead splitting properties', () => {
  it('never gives an empty lead or the same lead twice', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc
        .array(
          fc.constantFrom(
            'Tom',
            'tom',
            'TOM',
            ' ',
            '/',
            ',',
            ';',
            '\n',
            ' and ',
            ' & ',
            '(',
            ')',
            '-',
            '.',
            'Reed',
          ),
          {
            maxLength: 12,
          },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(cell, (text) => {
        const leads = splitLeads(text, { keep: ['Tom and Reed'] });
        for (const lead of leads)
          assert.ok(lead.trim() !== '' && lead === lead.trim(), JSON.stringify(lead));
        assert.equal(new Set(leads.map(leadKey)).size, leads.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives back the names joined by any separators, each once', () => {
    const name = fc.constantFrom(
      'Priya Shah',
      'Tom Reed',
      'Ana Costa',
      'Head of Service',
      'L&D Team',
    );
    const separator = fc.constantFrom(' / ', '/', ' and ', ', ', ' & ', '; ', '\n', ' + ');
    fc.assert(
      fc.property(fc.array(fc.tuple(name, separator), { minLength: 1, maxLength: 6 }), (parts) => {
        const cell = parts.map(([n, s]) => n + s).join('');
        assert.deepEqual(splitLeads(cell), [...new Set(parts.map(([n]) => n))]);
      }),
    );
  });
});
