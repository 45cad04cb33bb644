import { describe, expect, it } from 'vitest';
import { pickDateLocale } from '../date-locale.ts';

const KNOWN = new Set(['de', 'de-at', 'en', 'en-gb', 'fr', 'fr-ca', 'zh-tw', 'pt-br']);
const pick = (...languages: string[]) => pickDateLocale(languages, (name) => KNOWN.has(name));

describe('pickDateLocale', () => {
  it('should take the language when dayjs has no locale for its region', () => {
    expect(pick('de-DE')).toBe('de');
    expect(pick('fr-FR', 'en')).toBe('fr');
  });

  it('should take the regional locale when dayjs has one', () => {
    expect(pick('de-AT')).toBe('de-at');
    expect(pick('en-GB')).toBe('en-gb');
    expect(pick('pt-BR')).toBe('pt-br');
    expect(pick('zh-Hant-TW')).toBe('zh-tw');
  });

  it('should keep dayjs’s own English for American and other English', () => {
    expect(pick('en-US', 'de')).toBe('en');
    expect(pick('en-ZA')).toBe('en');
  });

  it('should go down the browser’s list to the first language it knows, else English', () => {
    expect(pick('xx-YY', 'de-CH')).toBe('de');
    expect(pick('xx')).toBe('en');
    expect(pick()).toBe('en');
  });
});
