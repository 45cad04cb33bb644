// Bundle budget: prints each JS chunk's gzip size and fails when the sign-in route or the
// whole app is over budget, or when a route-only library leaks into the first load.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const KB = 1024;
// all: 340 KB until password change, set-password links and two-factor sign-in (three pages,
// the sign-in steps and the staff dialogs) added 16.6 KB; see docs/decisions/007.
const BUDGET = { signIn: 210 * KB, all: 356 * KB };
// Strings only that code contains: their presence in a first-load chunk means it leaked there.
const ROUTE_ONLY = {
  'token form with its date fields': 'Force disconnect on expiry',
  tables: 'MuiTablePagination',
  drawers: 'MuiDrawer-paperAnchor',
};

const dist = resolve(import.meta.dirname, '../dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const gzip = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

/** Every chunk a manifest entry loads before it runs (its static imports, transitively). */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key]?.imports ?? []) closure(next, seen);
  return seen;
}

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const signInKeys = closure(entryKey);
for (const key of Object.keys(manifest)) {
  if (manifest[key].isDynamicEntry && /features\/auth\//.test(key)) closure(key, signInKeys);
}
const signInFiles = [...signInKeys].map((key) => manifest[key].file);

const allFiles = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => `assets/${f}`);
const rows = allFiles
  .map((file) => ({ file, gzip: gzip(file), signIn: signInFiles.includes(file) }))
  .sort((a, b) => b.gzip - a.gzip);

for (const row of rows) {
  console.info(`${kb(row.gzip).padStart(10)}  ${row.signIn ? 'sign-in ' : '        '} ${row.file}`);
}
const signInTotal = rows.filter((r) => r.signIn).reduce((sum, r) => sum + r.gzip, 0);
const allTotal = rows.reduce((sum, r) => sum + r.gzip, 0);
console.info(`\nsign-in route JS: ${kb(signInTotal)} gzip (budget ${kb(BUDGET.signIn)})`);
console.info(`all JS:           ${kb(allTotal)} gzip (budget ${kb(BUDGET.all)})`);

const failures = [];
if (signInTotal > BUDGET.signIn)
  failures.push(`sign-in route is ${kb(signInTotal - BUDGET.signIn)} over budget`);
if (allTotal > BUDGET.all)
  failures.push(`the app is ${kb(allTotal - BUDGET.all)} over its total budget`);
const firstLoad = signInFiles.map((file) => readFileSync(join(dist, file), 'utf8')).join('\n');
for (const [what, marker] of Object.entries(ROUTE_ONLY)) {
  if (firstLoad.includes(marker)) failures.push(`the ${what} load with the sign-in route`);
}
if (failures.length > 0) {
  console.error(`\nBundle budget failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.info('\nBundle budget met.');
