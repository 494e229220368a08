// Which column of an imported action plan holds what: a header row's cells read as fields.
//
// A header is compared without case, spaces or punctuation ("Lead officer(s)" is
// "leadofficers", "No." is "no"; "#" counts as "number"). The spellings each field accepts are
// in SPELLINGS, strongest first. When two columns could be the same field, the one with the
// stronger spelling is used ("Target date" over "Date"; on a tie, the leftmost) and the other
// is reported. Blank header cells are ignored; other headers no field accepts are reported as
// unknown and their columns left out.
//
// Only the action itself (the title) is required. A plan without a number column is numbered
// in order by the importer, so a missing number column is listed in `absent`, not refused.

export type ActionField =
  | 'number'
  | 'title'
  | 'lead'
  | 'target'
  | 'revisedTarget'
  | 'progress'
  | 'rag'
  | 'status'
  | 'successMeasure';

export const REQUIRED_FIELDS: readonly ActionField[] = ['title'];

export const FIELD_LABELS: Readonly<Record<ActionField, string>> = {
  number: 'action number',
  title: 'action',
  lead: 'lead',
  target: 'target date',
  revisedTarget: 'revised target date',
  progress: 'progress',
  rag: 'RAG status',
  status: 'status',
  successMeasure: 'success measure',
};

/** The heading a message suggests for each field. */
export const FIELD_HEADINGS: Readonly<Record<ActionField, string>> = {
  number: 'No',
  title: 'Action',
  lead: 'Lead',
  target: 'Target date',
  revisedTarget: 'Revised target date',
  progress: 'Progress',
  rag: 'RAG',
  status: 'Status',
  successMeasure: 'Success measure',
};

/** Header spellings after headerKey, strongest first. */
export const SPELLINGS: Readonly<Record<ActionField, readonly string[]>> = {
  number: [
    'no',
    'number',
    'actionno',
    'actionnumber',
    'ref',
    'refno',
    'reference',
    'actionref',
    'itemno',
    'item',
  ],
  title: [
    'action',
    'actions',
    'actiontask',
    'actionstasks',
    'task',
    'tasks',
    'actionrequired',
    'actiontobetaken',
    'actionstobetaken',
    'keyaction',
    'keyactions',
    'description',
  ],
  lead: [
    'lead',
    'leads',
    'leadofficer',
    'leadofficers',
    'responsible',
    'responsibleofficer',
    'responsibleofficers',
    'responsibility',
    'owner',
    'owners',
    'who',
    'bywhom',
    'leadperson',
    'leadagency',
  ],
  target: [
    'targetdate',
    'targetdates',
    'target',
    'deadline',
    'bywhen',
    'duedate',
    'completiondate',
    'timescale',
    'timescales',
    'timeframe',
    'when',
    'date',
  ],
  revisedTarget: [
    'revisedtargetdate',
    'revisedtarget',
    'targetdaterevised',
    'reviseddate',
    'reviseddeadline',
    'newtargetdate',
    'revisedtimescale',
  ],
  progress: [
    'progress',
    'progressupdate',
    'progressupdates',
    'progresstodate',
    'latestprogress',
    'progresscomments',
    'update',
    'updates',
    'comments',
    'comment',
    'notes',
  ],
  rag: ['rag', 'ragstatus', 'statusrag', 'ragrating', 'brag', 'bragstatus', 'rating'],
  status: ['status', 'actionstatus'],
  successMeasure: [
    'successmeasure',
    'successmeasures',
    'measureofsuccess',
    'measuresofsuccess',
    'successcriteria',
    'outcome',
    'outcomes',
    'expectedoutcome',
    'expectedoutcomes',
  ],
};

const FIELDS = Object.keys(SPELLINGS) as ActionField[];

/** A header as compared: "Lead officer(s)" → "leadofficers", "#" → "number". */
export const headerKey = (header: string): string =>
  header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/#/g, 'number')
    .replace(/[^\p{L}\p{N}]/gu, '');

/** The field a header names and how strongly (0 strongest), or null. */
export function fieldOf(header: string): { field: ActionField; rank: number } | null {
  const key = headerKey(header);
  if (key === '') return null;
  for (const field of FIELDS) {
    const rank = SPELLINGS[field].indexOf(key);
    if (rank >= 0) return { field, rank };
  }
  return null;
}

/** A spreadsheet column's letters: 0 → "A", 25 → "Z", 26 → "AA". */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

export interface HeaderColumn {
  index: number;
  header: string;
}

export interface HeaderMapping {
  /** The column index of each field found. */
  columns: Partial<Record<ActionField, number>>;
  /** Headers no field accepts: their columns are left out. */
  unknown: HeaderColumn[];
  /** Second columns for a field already found: left out. */
  duplicates: (HeaderColumn & { field: ActionField; used: number })[];
  /** Required fields with no column. */
  missing: ActionField[];
  /** Optional fields with no column. */
  absent: ActionField[];
  /** Each of the above in words, for the import's check page. */
  messages: string[];
}

const describe = (column: HeaderColumn) =>
  `column ${columnName(column.index)} ("${column.header}")`;

function messagesOf(
  mapping: Omit<HeaderMapping, 'messages'>,
  headers: readonly string[],
): string[] {
  const missing = mapping.missing.map(
    (field) =>
      `There is no column for the ${FIELD_LABELS[field]} — add a column headed "${FIELD_HEADINGS[field]}"`,
  );
  const unknown = mapping.unknown.map(
    (column) => `${capitalise(describe(column))} is not a column we recognise and is left out`,
  );
  const duplicates = mapping.duplicates.map((column) => {
    const used = { index: column.used, header: headers[column.used] ?? '' };
    return `${capitalise(describe(column))} is also a ${FIELD_LABELS[column.field]} column: ${describe(used)} is used`;
  });
  return [...missing, ...duplicates, ...unknown];
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The fields of a header row. */
export function mapHeaders(headers: readonly string[]): HeaderMapping {
  const best = new Map<ActionField, { index: number; rank: number }>();
  const unknown: HeaderColumn[] = [];
  const found: (HeaderColumn & { field: ActionField; rank: number })[] = [];
  headers.forEach((raw, index) => {
    const header = raw.replace(/\s+/g, ' ').trim();
    if (header === '') return;
    const field = fieldOf(header);
    if (!field) unknown.push({ index, header });
    else found.push({ index, header, ...field });
  });
  for (const column of found) {
    const current = best.get(column.field);
    if (!current || column.rank < current.rank) best.set(column.field, column);
  }
  const duplicates = found
    .filter((column) => best.get(column.field)?.index !== column.index)
    .map(({ index, header, field }) => ({
      index,
      header,
      field,
      used: best.get(field)?.index ?? 0,
    }));
  const columns = Object.fromEntries([...best].map(([field, { index }]) => [field, index]));
  const missing = REQUIRED_FIELDS.filter((field) => !best.has(field));
  const absent = FIELDS.filter((field) => !best.has(field) && !REQUIRED_FIELDS.includes(field));
  const mapping = { columns, unknown, duplicates, missing, absent };
  return { ...mapping, messages: messagesOf(mapping, headers) };
}
