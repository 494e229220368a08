import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bodyProblem,
  cleanForm,
  cleanUrl,
  flawOf,
  formEncodingProblem,
  INPUT_LIMITS,
  percentDecode,
  urlProblem,
} from './input-text.ts';

describe('what text the input guard accepts', () => {
  it('refuses control characters and lone surrogates; bodies may hold tabs and line breaks', () => {
    assert.equal(flawOf('plain text, émoji 👍', { breaks: false }), undefined);
    assert.equal(flawOf('a\u0000b', { breaks: true }), 'characters');
    assert.equal(flawOf('a\u0085b', { breaks: true }), 'characters');
    assert.equal(flawOf('a\u007fb', { breaks: true }), 'characters');
    assert.equal(flawOf('line\r\nline\tcell', { breaks: true }), undefined);
    assert.equal(flawOf('line\nline', { breaks: false }), 'characters');
    assert.equal(flawOf('\ud800', { breaks: true }), 'encoding');
    assert.equal(flawOf('x\udc00', { breaks: true }), 'encoding');
    assert.equal(flawOf('\ud83d\udc4d', { breaks: true }), undefined);
    assert.equal(flawOf('x'.repeat(11), { breaks: true, max: 10 }), 'too-long');
  });

  it('percent-decodes strictly (malformed escapes and invalid UTF-8 refused) or leniently', () => {
    assert.equal(percentDecode('caf%C3%A9', true), 'café');
    assert.equal(percentDecode('a+b', true, true), 'a b');
    assert.equal(percentDecode('%E0%A4%A', true), undefined);
    assert.equal(percentDecode('%ED%A0%80', true), undefined);
    assert.equal(percentDecode('%FF', true), undefined);
    assert.equal(percentDecode('%zz', true), undefined);
    assert.equal(percentDecode('%FFok', false), '\ufffdok');
  });

  it('finds what is wrong with an address, naming the query value', () => {
    assert.equal(urlProblem('/trusts/alpha/rounds?page=2&q=caf%C3%A9'), undefined);
    assert.deepEqual(urlProblem('/framework/%00'), {
      where: 'address',
      field: 'address',
      flaw: 'characters',
    });
    assert.equal(urlProblem('/framework/%E0%A4%A')?.flaw, 'encoding');
    assert.deepEqual(urlProblem('/trusts/alpha/audit?page=%00'), {
      where: 'address',
      field: 'page',
      flaw: 'characters',
    });
    assert.equal(urlProblem(`/${'a'.repeat(INPUT_LIMITS.path)}`)?.flaw, 'too-long');
    assert.equal(urlProblem(`/x/${'a'.repeat(INPUT_LIMITS.segment + 1)}`)?.flaw, 'too-long');
  });

  it('cleans an address by replacing what cannot be accepted with U+FFFD', () => {
    assert.equal(
      cleanUrl('/q/abc%00?lang=%ED%A0%80'),
      '/q/abc%EF%BF%BD?lang=%EF%BF%BD%EF%BF%BD%EF%BF%BD',
    );
    assert.equal(cleanUrl('/q/abc'), '/q/abc');
    assert.equal(urlProblem(cleanUrl('/i/%E0%A4%A/page/1?x=%01')), undefined);
  });

  it('finds broken percent-encoding in a raw form, which a parser would pass on as it is', () => {
    assert.equal(formEncodingProblem('_csrf=abc&name=caf%C3%A9+au+lait&x'), undefined);
    assert.deepEqual(formEncodingProblem('a=1&name=%ED%A0%80'), {
      where: 'form',
      field: 'name',
      flaw: 'encoding',
    });
    assert.equal(formEncodingProblem('na%FFme=x')?.field, 'na\ufffdme');
    assert.equal(formEncodingProblem('name=%E0%A4%A')?.flaw, 'encoding');
  });

  it('walks JSON bodies, keys included, and names the field', () => {
    assert.equal(
      bodyProblem({ name: 'Ok', list: [{ a: 'fine\n' }] }, { upload: false }),
      undefined,
    );
    assert.deepEqual(bodyProblem({ list: [{ a: 'x\u0000' }] }, { upload: false }), {
      where: 'form',
      field: 'list[0].a',
      flaw: 'characters',
    });
    assert.equal(bodyProblem({ ['k\u0000']: 1 }, { upload: false })?.flaw, 'characters');
    assert.equal(bodyProblem({ name: '\ud800' }, { upload: false })?.field, 'name');
    assert.equal(
      bodyProblem({ name: 'x'.repeat(INPUT_LIMITS.field + 1) }, { upload: false })?.flaw,
      'too-long',
    );
    let deep: unknown = 'leaf';
    for (let i = 0; i < 1000; i++) deep = [deep];
    assert.equal(bodyProblem(deep, { upload: false })?.flaw, 'too-deep');
  });

  it('lets an upload be long but not hold NUL bytes', () => {
    const csv = 'a,b\r\n'.repeat(50_000);
    assert.equal(bodyProblem(csv, { upload: true }), undefined);
    assert.equal(bodyProblem(csv, { upload: false })?.flaw, 'too-long');
    assert.deepEqual(bodyProblem('a,b\u0000', { upload: true }), {
      where: 'form',
      field: 'file',
      flaw: 'characters',
    });
  });

  it("cleans a respondent's form so that a wrong choice stays wrong and text is kept", () => {
    assert.deepEqual(
      cleanForm({ sector: 'schools\u0000', comment: 'Good\r\nwork\ud800', list: ['a\u0001'] }),
      { sector: 'schools\ufffd', comment: 'Good\r\nwork\ufffd', list: ['a\ufffd'] },
    );
  });
});
