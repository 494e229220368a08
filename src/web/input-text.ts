// What text the service accepts from outside, as pure functions: the input guard applies
// them to every request before any route runs.

/** Sane maxima, in characters. An upload (a CSV body, a multipart file) has its own limit. */
export const INPUT_LIMITS = {
  /** The path of a web address. */
  path: 2000,
  /** One segment of the path (the router refuses longer parameters). */
  segment: 1000,
  /** The whole address, query string included. */
  url: 8000,
  /** One form field, JSON string or query value. */
  field: 100_000,
  /** Nesting of a JSON body. */
  depth: 32,
  /** One cookie. */
  cookie: 4096,
} as const;

export type Flaw = 'characters' | 'encoding' | 'too-long' | 'too-deep';

/** A place in the request and what is wrong with it. */
export interface InputProblem {
  where: 'address' | 'form' | 'header';
  field: string;
  flaw: Flaw;
}

/* eslint-disable no-control-regex -- these patterns exist to find control characters */
/** C0 controls, DEL and C1 controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/g;
/** The same, but tab, line feed and carriage return are ordinary in a form or a file. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const CONTROL_IN_TEXT_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** C0 controls (but tab) and DEL: a header is read byte by byte as Latin-1, so C1 may occur. */
const CONTROL_IN_HEADER = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/* eslint-enable no-control-regex */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATE_ALL =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const REPLACEMENT = '\ufffd';

/** What is wrong with a piece of text, if anything. Line breaks are allowed in bodies only. */
export function flawOf(
  value: string,
  options: { breaks: boolean; max?: number },
): Flaw | undefined {
  if (options.max !== undefined && value.length > options.max) return 'too-long';
  if ((options.breaks ? CONTROL_IN_TEXT : CONTROL).test(value)) return 'characters';
  if (LONE_SURROGATE.test(value)) return 'encoding';
  return undefined;
}

export function headerFlaw(value: string): Flaw | undefined {
  return CONTROL_IN_HEADER.test(value) ? 'characters' : undefined;
}

/** The text with each control character (tab and line breaks kept if `breaks`) and each lone
 * surrogate replaced by U+FFFD, so that a wrong choice stays wrong and free text stays put. */
export function cleanText(value: string, breaks: boolean): string {
  return value
    .replace(breaks ? CONTROL_IN_TEXT_ALL : CONTROL_ALL, REPLACEMENT)
    .replace(LONE_SURROGATE_ALL, REPLACEMENT);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
const HEX = /^[0-9a-fA-F]{2}$/;

/**
 * Percent-decodes as a browser encodes: bytes, then UTF-8. Strictly, a malformed escape or
 * invalid UTF-8 gives undefined; leniently, each becomes U+FFFD.
 */
export function percentDecode(
  value: string,
  strict: boolean,
  plusIsSpace = false,
): string | undefined {
  if (!value.includes('%') && !(plusIsSpace && value.includes('+'))) return value;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const char = value[i] ?? '';
    if (char === '%') {
      const hex = value.slice(i + 1, i + 3);
      if (HEX.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        i += 2;
        continue;
      }
      if (strict) return undefined;
    }
    if (plusIsSpace && char === '+') bytes.push(0x20);
    else for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte);
  }
  try {
    return (strict ? strictUtf8 : lenientUtf8).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

function splitUrl(url: string): { path: string; query: string | undefined } {
  const at = url.indexOf('?');
  return at === -1
    ? { path: url, query: undefined }
    : { path: url.slice(0, at), query: url.slice(at + 1) };
}

function queryPairs(query: string): [string, string][] {
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      return at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    });
}

/** What is wrong with a web address (path and query string), if anything. */
export function urlProblem(url: string): InputProblem | undefined {
  const { path, query } = splitUrl(url);
  const address = (flaw: Flaw, field = 'address'): InputProblem => ({
    where: 'address',
    field,
    flaw,
  });
  if (path.length > INPUT_LIMITS.path || url.length > INPUT_LIMITS.url) return address('too-long');
  for (const segment of path.split('/')) {
    const decoded = percentDecode(segment, true);
    if (decoded === undefined) return address('encoding');
    const flaw = flawOf(decoded, { breaks: false, max: INPUT_LIMITS.segment });
    if (flaw !== undefined) return address(flaw);
  }
  for (const [rawKey, rawValue] of queryPairs(query ?? '')) {
    const key = percentDecode(rawKey, true, true);
    if (key === undefined) return address('encoding');
    const keyFlaw = flawOf(key, { breaks: false, max: 200 });
    if (keyFlaw !== undefined) return address(keyFlaw);
    const value = percentDecode(rawValue, true, true);
    if (value === undefined) return address('encoding', key);
    const flaw = flawOf(value, { breaks: false, max: INPUT_LIMITS.field });
    if (flaw !== undefined) return address(flaw, key);
  }
  return undefined;
}

/** The address with every unacceptable character replaced by U+FFFD (percent-encoded). */
export function cleanUrl(url: string): string {
  const { path, query } = splitUrl(url);
  const clean = (part: string, plus: boolean) =>
    encodeURIComponent(cleanText(percentDecode(part, false, plus) ?? '', false));
  const cleanSegment = (segment: string) => {
    const decoded = percentDecode(segment, true);
    return decoded !== undefined && flawOf(decoded, { breaks: false }) === undefined
      ? segment
      : clean(segment, false);
  };
  const cleanPath = path.split('/').map(cleanSegment).join('/');
  if (query === undefined) return cleanPath;
  const pairs = queryPairs(query).map(
    ([key, value]) => `${clean(key, true)}=${clean(value, true)}`,
  );
  return `${cleanPath}?${pairs.join('&')}`;
}

/**
 * Broken percent-encoding in a urlencoded form's raw text, which a form parser would pass
 * on undecoded; other flaws are found in the parsed fields.
 */
export function formEncodingProblem(raw: string): InputProblem | undefined {
  for (const [rawKey, rawValue] of queryPairs(raw)) {
    const key = percentDecode(rawKey, true, true);
    const field = key ?? cleanText(percentDecode(rawKey, false, true) ?? '', false);
    if (key === undefined || percentDecode(rawValue, true, true) === undefined)
      return { where: 'form', field: field.slice(0, 200), flaw: 'encoding' };
  }
  return undefined;
}

type Json = unknown;

/** What is wrong with a parsed body (a form, JSON or a file's text), if anything. */
export function bodyProblem(body: Json, options: { upload: boolean }): InputProblem | undefined {
  const form = (field: string, flaw: Flaw): InputProblem => ({ where: 'form', field, flaw });
  if (typeof body === 'string') {
    const flaw = flawOf(body, {
      breaks: true,
      max: options.upload ? undefined : INPUT_LIMITS.field,
    });
    return flaw === undefined ? undefined : form('file', flaw);
  }
  const stack: { value: Json; field: string; depth: number }[] = [
    { value: body, field: '', depth: 0 },
  ];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, field, depth } = next;
    if (typeof value === 'string') {
      const flaw = flawOf(value, { breaks: true, max: INPUT_LIMITS.field });
      if (flaw !== undefined) return form(field || 'body', flaw);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= INPUT_LIMITS.depth) return form(field || 'body', 'too-deep');
    const entries = Array.isArray(value)
      ? value.map((item, index): [string, Json] => [`${field}[${String(index)}]`, item])
      : Object.entries(value).map(([key, item]): [string, Json] => {
          return [field === '' ? key : `${field}.${key}`, item];
        });
    if (!Array.isArray(value))
      for (const key of Object.keys(value)) {
        const flaw = flawOf(key, { breaks: false, max: 200 });
        if (flaw !== undefined) return form(field || 'body', flaw);
      }
    for (const [name, item] of entries.reverse())
      stack.push({ value: item, field: name, depth: depth + 1 });
  }
  return undefined;
}

/** A form's fields (strings or lists of strings) with unacceptable characters replaced. */
export function cleanForm(body: Record<string, unknown>): Record<string, unknown> {
  const clean = (value: unknown): unknown =>
    typeof value === 'string'
      ? cleanText(value, true)
      : Array.isArray(value)
        ? value.map(clean)
        : value;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) out[cleanText(key, false)] = clean(value);
  return out;
}
