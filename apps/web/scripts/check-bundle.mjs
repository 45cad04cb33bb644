// Bundle budget: prints each JS chunk's gzip size; measures in Chromium what the sign-in page
// fetches until its password field is usable (entered at /sign-in, / and a signed-in page's
// URL); fails over budget, when the sign-in page needs a second round of fetches, or when a
// route-only library reaches it.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { signInFetches } from './sign-in-fetches.mjs';

const KB = 1024;
const BUDGET = { signIn: 195 * KB, all: 340 * KB };
/** Where a signed-out visitor arrives: the sign-in page, the banner's URL, a shared link. */
const SIGN_IN_PATHS = ['/sign-in', '/', '/tokens'];
// Strings only that code contains: their presence in what sign-in fetches means it leaked there.
const ROUTE_ONLY = {
  'token form with its date fields': 'Force disconnect on expiry',
  tables: 'MuiTablePagination',
  drawers: 'MuiDrawer-paperAnchor',
  menus: 'MuiMenu-paper',
  tooltips: 'MuiTooltip-tooltip',
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
console.info(`\nall JS:           ${kb(allTotal)} gzip (budget ${kb(BUDGET.all)})`);
console.info(
  `date locales:     ${locales.length} chunks, at most ${kb(Math.max(0, ...locales))} each, one per browser at most (not in the total)`,
);
if (allTotal > BUDGET.all) {
  failures.push(`the app is ${kb(allTotal - BUDGET.all)} over its total budget`);
}

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
    if (text.includes(marker)) failures.push(`the ${what} load with sign-in from ${path}`);
  }
}
console.info(`  budget    ${kb(BUDGET.signIn).padStart(9)}`);

if (failures.length > 0) {
  console.error(`\nBundle budget failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.info('\nBundle budget met.');
