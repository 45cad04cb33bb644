import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The repository's Markdown names files the way a reader of any clone can follow: links and
 * `….md` paths resolve to files inside the repository, never to a path on one machine.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SKIP = new Set(['node_modules', 'dist', '.data', '.git', 'artifacts', 'coverage']);
/** A copy of an external reference: its paths are those of nanocosmos' documentation. */
const VERBATIM = path.join(ROOT, 'docs/reference');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name) || entry.name.startsWith('.data')) return [];
    const full = path.join(dir, entry.name);
    if (full === VERBATIM) return [];
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

/** Link targets and code spans naming a Markdown file, with what each should resolve from. */
function references(text: string) {
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
  const paths = [...text.matchAll(/`([^`\s]+\.md)`/g)].map((m) => m[1] as string);
  return [
    ...links
      .filter((target) => !/^(https?:|mailto:|#)/.test(target))
      .map((target) => ({ target: target.split('#')[0] as string, relative: true })),
    // A code span is read from the repository root unless it starts with ./ or ../
    ...paths.map((target) => ({ target, relative: /^\.\.?\//.test(target) })),
  ];
}

describe('repository docs', () => {
  const files = markdownFiles(ROOT);

  it('should find the docs to check', () => {
    const names = files.map((file) => path.relative(ROOT, file));
    expect(names).toEqual(
      expect.arrayContaining([
        'README.md',
        'apps/emulator/README.md',
        'docs/decisions/002-emulated-upstream.md',
      ]),
    );
  });

  it('should name files only by paths inside the repository that exist', () => {
    const problems: string[] = [];
    for (const file of files) {
      for (const { target, relative } of references(readFileSync(file, 'utf8'))) {
        const where = `${path.relative(ROOT, file)}: ${target}`;
        if (path.isAbsolute(target)) {
          problems.push(`${where} is an absolute path`);
          continue;
        }
        const resolved = path.resolve(relative ? path.dirname(file) : ROOT, target);
        if (path.relative(ROOT, resolved).startsWith('..')) {
          problems.push(`${where} leads outside the repository`);
        } else if (!existsSync(resolved)) {
          problems.push(`${where} does not exist`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('should say in README what starting needs beyond Node.js, and how to keep the emulator’s port', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const start = readme.slice(readme.indexOf('## Start it'), readme.indexOf('## Test it'));
    // better-sqlite3 compiles itself where no prebuilt binary can be downloaded.
    for (const tool of ['python3', 'make', 'g++']) expect(start).toContain(tool);
    expect(start).toMatch(/EMULATOR_PORT=\d+ pnpm start/);
    expect(start).toContain('Ctrl-C');
  });
});
