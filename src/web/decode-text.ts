// An uploaded text file's bytes as text: UTF-8 when they are valid UTF-8, otherwise
// Windows-1252, as older spreadsheets save CSV.
//
// Node's TextDecoder reads the label "windows-1252" as Latin-1, which has control characters
// at bytes 0x80 to 0x9F where Windows-1252 has curly quotes, dashes and the euro sign; those
// are mapped here. The five bytes Windows-1252 leaves unused stay as they are.

const WINDOWS_1252 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** The bytes as UTF-8, or else as Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1')
      .decode(bytes)
      .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252.charAt(c.charCodeAt(0) - 0x80));
  }
}
