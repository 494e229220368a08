import type { TargetDate } from './target-date.ts';
import { parseTargetDate } from './target-date-parse.ts';
import type { ParseOptions } from './target-date-words.ts';

// findRevisedDate: a revised target date stated inside progress text, as councils record it
// when work slips: "now revised to 31st Dec 2009", "Revised target date: March 2010",
// "deadline extended to Q2 2011", "new target date April 2010", "date moved to Spring 2010",
// "now due by end of June 2010".
//
// Rules:
// - The date is read with parseTargetDate from the words after the phrase, within the same
//   clause (up to a comma, semicolon, line break or the end of the sentence), the longest run
//   of up to six words that is a date without a remark.
// - When the text states several revisions, the last one in the text is taken: progress notes
//   are written oldest first, each update added below the last.
// - A phrase followed by no date, or by an impossible one ("revised to 31 February"), is no
//   revised date. A date without a year needs `today` or `defaultYear`, as in parseTargetDate.

export interface RevisedDate {
  value: TargetDate;
  /** The words found, as written: "revised to 31st Dec 2009". */
  phrase: string;
  /** The date part of the phrase: "31st Dec 2009". */
  dateText: string;
  assumed?: string;
}

const SUBJECT = '(?:(?:target|completion|end|delivery)\\s+)?(?:date|deadline|timescale)s?';
const VERB =
  '(?:revised|re-?scheduled|extended|deferred|postponed|put\\s+back|pushed\\s+back|moved|slipped|delayed|changed|amended|reset|brought\\s+forward)';
const TRIGGERS = [
  `\\b(?:now\\s+)?${VERB}\\s+(?:to|until|till|for)\\b`,
  `\\brevised\\s+${SUBJECT}(?:\\s+(?:is|of|now|set\\s+at|agreed\\s+as))?`,
  `\\bnew\\s+${SUBJECT}(?:\\s+(?:is|of|now|set\\s+at|agreed\\s+as))?`,
  `\\b${SUBJECT}\\s+(?:has\\s+been\\s+|have\\s+been\\s+|was\\s+|is\\s+|now\\s+)?${VERB}\\b(?:\\s+(?:to|until|till))?`,
  `\\bnow\\s+(?:due|expected|anticipated|scheduled|planned)(?:\\s+(?:by|in|on|for))?`,
];
const TRIGGER = new RegExp(TRIGGERS.join('|'), 'gi');
const SEPARATOR = /^[\s:=\-–—]*/;
/** Where the clause ends: a comma, semicolon or line break, or a full stop ending a sentence. */
const CLAUSE_END = /[,;\n]|\.(?=\s+[A-Z]|\s*$)/;
const MAX_WORDS = 6;

/** The longest run of words at the start of `clause` that is a date without a remark. */
function leadingDate(clause: string, options: ParseOptions) {
  const words = clause
    .split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, MAX_WORDS);
  for (let count = words.length; count > 0; count -= 1) {
    const dateText = words.slice(0, count).join(' ');
    const result = parseTargetDate(dateText, options);
    if (result.ok && result.remark === undefined) return { result, dateText };
  }
  return null;
}

/** The revised date the progress text states last, or null when it states none. */
export function findRevisedDate(
  progressText: string,
  options: ParseOptions = {},
): RevisedDate | null {
  let found: RevisedDate | null = null;
  for (const match of progressText.matchAll(TRIGGER)) {
    const after = progressText.slice(match.index + match[0].length);
    const gap = SEPARATOR.exec(after)?.[0] ?? '';
    const rest = after.slice(gap.length);
    const clause = rest.slice(0, CLAUSE_END.exec(rest)?.index ?? rest.length);
    const date = leadingDate(clause, options);
    if (!date) continue;
    const { result, dateText } = date;
    found = {
      value: result.value,
      phrase: `${match[0]}${gap}${dateText}`.replace(/\s+/g, ' '),
      dateText,
      ...(result.assumed ? { assumed: result.assumed } : {}),
    };
  }
  return found;
}
