import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeText } from './decode-text.ts';

describe('decodeText', () => {
  it('reads UTF-8 as UTF-8', () => {
    assert.equal(decodeText(Buffer.from('Ysgol “Gymraeg” – £5', 'utf8')), 'Ysgol “Gymraeg” – £5');
  });

  it('reads Windows-1252 curly quotes, dashes and the euro sign, not control characters', () => {
    // “Early help” – €5 … as Excel saves it on Windows.
    const bytes = Buffer.from([
      0x93, 0x45, 0x61, 0x72, 0x6c, 0x79, 0x20, 0x68, 0x65, 0x6c, 0x70, 0x94, 0x20, 0x96, 0x20,
      0x80, 0x35, 0x20, 0x85, 0x20, 0xa3, 0xe9,
    ]);
    assert.equal(decodeText(bytes), '“Early help” – €5 … £é');
  });

  it('keeps the bytes Windows-1252 leaves unused', () => {
    assert.equal(
      decodeText(Buffer.from([0x41, 0x81, 0x8d, 0x8f, 0x90, 0x9d])),
      'A\u0081\u008d\u008f\u0090\u009d',
    );
  });
});
