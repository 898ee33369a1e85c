import { describe, expect, it } from 'vitest';
import { plainText, text } from './plain-text';

describe('plainText', () => {
  it('turns line breaks and other control characters into spaces so a value cannot forge lines', () => {
    expect(plainText('Ada\r\nBcc: evil@example.com\u0000')).toBe('Ada Bcc: evil@example.com');
  });

  it('removes bidi overrides that would reorder what a reader sees', () => {
    expect(plainText('abc\u202Efdp.exe')).toBe('abc fdp.exe');
  });
});

describe('text', () => {
  it('keeps the template literal newlines but sanitises each interpolated value', () => {
    expect(text`Hi ${'Ada\nLovelace'},\n\nbye ${3}`).toBe('Hi Ada Lovelace,\n\nbye 3');
  });
});
