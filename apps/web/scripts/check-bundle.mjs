// Bundle budget: prints each JS chunk's gzip size; measures in Chromium what the sign-in page
// fetches until its password field is usable (entered at /sign-in, / and a signed-in page's
// URL); adds up, for every signed-in page, the JS it needs before it renders (the first chunk,
// the signed-in frame and the page, each with what it imports); fails over budget, when the
// sign-in page needs a second round of fetches, or when a route-only library reaches it.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { signInFetches } from './sign-in-fetches.mjs';

const KB = 1024;
// `page`: the heaviest signed-in page, as its visitor fetches it. The sum of all chunks is
// printed to watch growth but is no budget: no visitor fetches every page.
const BUDGET = { signIn: 195 * KB, page: 300 * KB };
// The event overview carries MUI X Charts (bars and lines with their d3 scales and shapes):
// ~101 KB gzip in its own chunk on top of the ~228 KB every signed-in page shares, 329 KB in
// all (2026-11-30). No chart library of that kind fits in 72 KB, and charts are the page, so
// it alone gets 340 KB; the chunk loads only on that page and never for sign-in (below).
const PAGE_BUDGETS = { 'insights/event-overview-page.tsx': 340 * KB };
/** Where a signed-out visitor arrives: the sign-in page, the banner's URL, a shared link. */
const SIGN_IN_PATHS = ['/sign-in', '/', '/tokens'];
// What only that code contains: its presence in what sign-in fetches means it leaked there. A
// MUI component is found by its name as its styles give it (the class names it puts together
// at run time are in no file); each must be in some chunk, else it could never fail (below).
const muiComponent = (name) => new RegExp(`[\`'"]${name}[\`'"]`);
const ROUTE_ONLY = {
  'token form with its date fields': 'Force disconnect on expiry',
  tables: 'MuiTablePagination',
  drawers: muiComponent('MuiDrawer'),
  menus: muiComponent('MuiMenu'),
  tooltips: muiComponent('MuiTooltip'),
  charts: 'MuiChartsAxis',
  // Shared code reaches every page through the contracts' one entry (packages/contracts
  // declares itself free of side effects, so that only what a page uses comes along).
  'player snippets': '<VIEWER-IDENTITY-JWT>',
};

const dist = resolve(import.meta.dirname, '../dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const gzip = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

// dayjs locales: one chunk each, of which a browser loads the one of its language, if any.
const localeFiles = new Set(
  Object.entries(manifest)
    .filter(([key]) => /dayjs\/esm\/locale\//.test(key))
    .map(([, chunk]) => chunk.file),
);

const rows = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => `assets/${f}`)
  .filter((file) => !localeFiles.has(file))
  .map((file) => ({ file, gzip: gzip(file) }))
  .sort((a, b) => b.gzip - a.gzip);
for (const row of rows) console.info(`${kb(row.gzip).padStart(10)}  ${row.file}`);
const allTotal = rows.reduce((sum, r) => sum + r.gzip, 0);
const locales = [...localeFiles].map(gzip);

const failures = [];
const contains = (text, marker) =>
  typeof marker === 'string' ? text.includes(marker) : marker.test(text);
const allText = rows.map((row) => readFileSync(join(dist, row.file), 'utf8')).join('\n');
for (const [what, marker] of Object.entries(ROUTE_ONLY)) {
  if (!contains(allText, marker)) {
    failures.push(`no chunk holds the marker of the ${what} (${marker}): it finds nothing`);
  }
}
console.info(`\nall JS:           ${kb(allTotal)} gzip (every page together; no budget)`);
console.info(
  `date locales:     ${locales.length} chunks, at most ${kb(Math.max(0, ...locales))} each, one per browser at most (not counted)`,
);

/** Every chunk a manifest entry loads before it runs (its static imports, transitively). */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key]?.imports ?? []) closure(next, seen);
  return seen;
}
const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const frameKey = Object.keys(manifest).find((key) => key.endsWith('routes/app-shell.tsx'));
// The account menu opens on a click: it loads when the page is idle or at the first click, so
// that no signed-in page waits for it (nor for MUI's Menu and Popover) before it renders.
const ACCOUNT_MENU = 'Times in tables';
const frameText = [...closure(frameKey, closure(entryKey))]
  .map((key) => manifest[key].file)
  .filter((file) => file.endsWith('.js'))
  .map((file) => readFileSync(join(dist, file), 'utf8'))
  .join('\n');
if (frameText.includes(ACCOUNT_MENU)) {
  failures.push('the account menu loads with the signed-in frame, before every page renders');
}
const pageKeys = Object.keys(manifest).filter(
  (key) => manifest[key].isDynamicEntry && /-(page|route)\.tsx$/.test(key),
);
console.info('\nsigned-in pages, JS fetched before each renders (gzip):');
for (const key of pageKeys) {
  const keys = closure(key, closure(frameKey, closure(entryKey)));
  const bytes = [...keys]
    .map((k) => manifest[k].file)
    .filter((file) => file.endsWith('.js'))
    .reduce((sum, file) => sum + gzip(file), 0);
  const name = key.replace(/^src\/(features\/|app\/routes\/)/, '').replace(/\/components\//, '/');
  const budget = PAGE_BUDGETS[name] ?? BUDGET.page;
  const own = budget === BUDGET.page ? '' : ` (its own budget: ${kb(budget)})`;
  console.info(`  ${kb(bytes).padStart(9)}  ${name}${own}`);
  if (bytes > budget) failures.push(`${name} fetches ${kb(bytes - budget)} over budget`);
}
console.info(`  ${kb(BUDGET.page).padStart(9)}  budget`);

console.info('\nsign-in page, as Chromium fetches it until the password field is usable (gzip):');
for (const { path, files } of await signInFetches(dist, SIGN_IN_PATHS)) {
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const late = files.filter((f) => !f.named).map((f) => f.file);
  const rounds = late.length === 0 ? 'one round' : `a second round: ${late.join(', ')}`;
  console.info(`  ${path.padEnd(9)} ${kb(total).padStart(9)} in ${files.length} files, ${rounds}`);
  if (total > BUDGET.signIn) {
    failures.push(`sign-in from ${path} fetches ${kb(total - BUDGET.signIn)} over budget`);
  }
  if (late.length > 0) failures.push(`sign-in from ${path} waits for ${late.join(', ')}`);
  const text = files.map((f) => readFileSync(join(dist, f.file), 'utf8')).join('\n');
  for (const [what, marker] of Object.entries(ROUTE_ONLY)) {
    if (contains(text, marker)) failures.push(`the ${what} load with sign-in from ${path}`);
  }
}
console.info(`  budget    ${kb(BUDGET.signIn).padStart(9)}`);

if (failures.length > 0) {
  console.error(`\nBundle budget failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.info('\nBundle budget met.');
