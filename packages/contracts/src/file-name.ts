/** The longest the filters may make a file name's middle part, in characters. */
const NAME_PARTS_MAX = 80;

/** Letters and digits only (accents dropped, anything else a dash), lower case. */
const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** A UTC minute as file names write it: 2026-12-01T2014Z. */
export const fileStamp = (ms: number) =>
  `${new Date(ms).toISOString().slice(0, 16).replace(':', '')}Z`;

/**
 * A downloaded file's name after what it holds and when, e.g.
 * tokens-tag-vip-active-2026-12-01T2014Z.csv: each part reduced to safe characters (a part
 * left empty is dropped), the parts' share cut to NAME_PARTS_MAX characters. Every CSV the
 * dashboard hands out is named by it, on the server or in the browser.
 */
export function exportFileName(kind: string, atMs: number, parts: string[] = []) {
  const middle = parts
    .map(slug)
    .filter(Boolean)
    .join('-')
    .slice(0, NAME_PARTS_MAX)
    .replace(/-+$/, '');
  return `${[kind, middle].filter(Boolean).join('-')}-${fileStamp(atMs)}.csv`;
}
