import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { loadStrings } from '../answering/i18n.ts';
import { loadAudienceWording, loadFrameworkFiles } from '../framework/index.ts';
import { sourceTexts, type SourceText, type Texts } from './catalogue.ts';
import { templateWorkbook } from './workbook.ts';

// Helpers for this module's tests: the texts of the framework version the tests use, filled
// workbooks made the way a trust makes them, and the upload form as a browser sends it.

export function versionTexts(): SourceText[] {
  const [version] = loadFrameworkFiles();
  const english = loadStrings('en');
  if (version === undefined || english === null) throw new Error('no framework version');
  return sourceTexts({
    version,
    wording: loadAudienceWording(version.key, 'en'),
    respondent: english,
  });
}

/** Every text "translated" with a marker: `[so] Page {n} of {total}`. */
export function markedTexts(marker: string): Texts {
  return Object.fromEntries(versionTexts().map((t) => [t.key, `[${marker}] ${t.english}`]));
}

/** A filled workbook, optionally changed as a person might in Excel. */
export async function filledWorkbook(
  texts: Texts,
  edit?: (sheet: ExcelJS.Worksheet, rowOf: (key: string) => number) => void,
): Promise<Buffer> {
  const sources = versionTexts();
  const bytes = await templateWorkbook(sources, texts);
  if (edit === undefined) return bytes;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('Translation');
  if (sheet === undefined) throw new Error('no Translation sheet');
  edit(sheet, (key) => sources.findIndex((t) => t.key === key) + 2);
  return Buffer.from(await book.xlsx.writeBuffer());
}

export interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
}

/** A multipart/form-data body as a browser sends the upload form. */
export function multipart(parts: Part[]) {
  const boundary = `----ocwtest${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const file = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type =
      part.filename === undefined
        ? ''
        : 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n';
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file}\r\n${type}\r\n`,
      ),
      Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
