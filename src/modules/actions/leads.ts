// The leads of an action, from one spreadsheet cell, and who each one is.
//
// splitLeads(cell) rules, chosen to be predictable rather than clever:
// - Leads are separated by "/", ";", ",", a line break, or the words "and", "&" and "+" with
//   a space either side ("A / B", "A and B", "A, B", "A & B", "A; B"). "&" and "/" without
//   spaces are separators only for "/": "L&D Team" stays whole, "HR/OD" is two leads.
// - Nothing inside brackets is split: "Jo Bell (chair and convenor) / Sam Ng" is two leads,
//   the first "Jo Bell (chair and convenor)".
// - A team name containing "and" is split like any other text ("Children and Families Team"
//   gives "Children" and "Families Team") unless it is one of the names passed as `keep`
//   (matchLeads passes the trust's known people and teams), which are never split.
// - Each lead is trimmed, inner spaces made single, bullets and trailing punctuation dropped;
//   pieces with no letter or digit are dropped; a lead written twice (in any case or spacing)
//   is kept once, as first written.
//
// matchLead(text, known) finds the known person or team a lead names: by name, alias or email,
// ignoring case and spacing; failing that, by an email address inside the text ("Jo Bell
// <jo.bell@example.org>"), then by the text without its bracketed remarks ("Jo Bell (chair)").
// Two different people matching is reported as ambiguous, never guessed.

export interface KnownLead {
  id: string;
  name: string;
  email?: string | null;
  /** Other names the lead goes by, such as a job title ("Head of Workforce Development"). */
  aliases?: readonly string[];
}

export type LeadMatch =
  { matched: string } | { unknown: string } | { ambiguous: string; candidates: string[] };

const OPEN = '\uE000';
const CLOSE = '\uE001';
const BRACKETED = /\([^()]*\)|\[[^[\]]*\]/g;
const SEPARATOR = /[/;,\n]|\s+(?:and|&|\+)\s+/i;
const EDGES = /^(?:[\s•·*\-–—]+|(?:and|&)\s+)+|(?:[\s.,;:]+|\s+(?:and|&))+$/gi;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text compared when matching: lower case, one kind of apostrophe, single spaces. */
export function leadKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.,;:]+$/, '');
}

/** Replaces each stretch `pattern` matches with a placeholder, remembering what it held. */
function shield(text: string, pattern: RegExp, held: string[]): string {
  return text.replace(pattern, (found) => {
    held.push(found);
    return `${OPEN}${held.length - 1}${CLOSE}`;
  });
}

const unshield = (text: string, held: readonly string[]) =>
  text.replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g'), (_, i: string) => held[Number(i)] ?? '');

function keepPattern(names: readonly string[]): RegExp | null {
  const words = names
    .map((name) => name.trim().split(/\s+/).filter(Boolean).map(escape).join('[ \\t]+'))
    .filter((name) => name !== '')
    .sort((a, b) => b.length - a.length);
  if (words.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** The leads named in one cell, in order, each once. */
export function splitLeads(cell: string, options: { keep?: readonly string[] } = {}): string[] {
  const held: string[] = [];
  let text = cell.normalize('NFKC').replace(new RegExp(`[${OPEN}${CLOSE}]`, 'g'), '');
  const keep = keepPattern(options.keep ?? []);
  if (keep) text = shield(text, keep, held);
  text = shield(text, BRACKETED, held);
  const seen = new Set<string>();
  const leads: string[] = [];
  for (const piece of text.split(SEPARATOR)) {
    const lead = unshield(piece.replace(EDGES, ''), held).replace(/\s+/g, ' ').trim();
    const key = leadKey(lead);
    if (!/[\p{L}\p{N}]/u.test(lead) || seen.has(key)) continue;
    seen.add(key);
    leads.push(lead);
  }
  return leads;
}

function candidates(key: string, known: readonly KnownLead[]): string[] {
  const ids = known
    .filter((lead) =>
      [lead.name, lead.email ?? '', ...(lead.aliases ?? [])].some(
        (name) => name !== '' && leadKey(name) === key,
      ),
    )
    .map((lead) => lead.id);
  return [...new Set(ids)];
}

/** The known person or team a lead's text names. */
export function matchLead(text: string, known: readonly KnownLead[]): LeadMatch {
  const written = text.replace(/\s+/g, ' ').trim();
  const email = /[^\s<>()[\]]+@[^\s<>()[\]]+/.exec(written)?.[0];
  const tries = [written, email, written.replace(BRACKETED, ' ')];
  for (const attempt of tries) {
    if (attempt === undefined || leadKey(attempt) === '') continue;
    const ids = candidates(leadKey(attempt), known);
    if (ids.length === 1 && ids[0] !== undefined) return { matched: ids[0] };
    if (ids.length > 1) return { ambiguous: written, candidates: ids };
  }
  return { unknown: written };
}

/** Splits a cell (keeping the known names whole) and matches each lead. */
export function matchLeads(
  cell: string,
  known: readonly KnownLead[],
): { text: string; match: LeadMatch }[] {
  const keep = known.flatMap((lead) => [lead.name, ...(lead.aliases ?? [])]);
  return splitLeads(cell, { keep }).map((text) => ({ text, match: matchLead(text, known) }));
}
