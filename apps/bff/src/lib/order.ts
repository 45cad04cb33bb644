/**
 * Two texts in code-unit order (the order PostgreSQL's "C" collation and SQLite's BINARY give),
 * for `sort`: `byText(a.x, b.x) || byText(a.y, b.y)`. Not `localeCompare`, whose order depends
 * on the machine's locale.
 */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
