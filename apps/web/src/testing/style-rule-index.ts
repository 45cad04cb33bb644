import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/*
 * jsdom computes an element's style by matching every rule of every stylesheet against it (and,
 * for an inherited property such as visibility or pointer-events, against each of its
 * ancestors), each through its full selector engine. Accessible names (`isHidden`), popper and
 * user-event's pointer-events check ask for computed styles thousands of times per file, and
 * emotion's rules (one <style> each) grow to hundreds over a file's tests.
 *
 * Browsers skip most rules at once by the rightmost compound of their selectors: `.a .b:hover`
 * can only match an element with class `b`. This does the same in front of jsdom's own
 * matching: each rule is filed under a class, id or tag that its every selector requires (or
 * under none), and only the rules filed under the element's own classes, id and tag, plus those
 * filed under none, are matched, in stylesheet order, by jsdom's engine as before. The
 * declaration is then built exactly as jsdom builds it, and kept in jsdom's own cache (dropped
 * at any change to the document, as before). Nothing is cached here but how each selector text
 * is filed, so a class or style change shows at once, as it does without this.
 */

type Style = { length: number; [index: number]: string } & {
  getPropertyValue(property: string): string;
  getPropertyPriority(property: string): string;
  setProperty(property: string, value: string, priority?: string): void;
  removeProperty(property: string): void;
};
type Rule = { selectorText?: string; style: Style; media?: ArrayLike<string> | null };
type Sheet = { cssRules: ArrayLike<Rule> };
type ElementImpl = {
  _ownerDocument: {
    _styleCache: WeakMap<ElementImpl, Style> | null;
    _domSelector: {
      check(selector: string, element: ElementImpl): { match: boolean; pseudoElement: unknown };
    };
    styleSheets: { _list: Sheet[] };
  };
  style: Style;
};

const jsdomPackage = createRequire(import.meta.url).resolve('jsdom/package.json');
const requireJsdom = createRequire(jsdomPackage);
const styleRules = requireJsdom('./lib/jsdom/living/helpers/style-rules.js') as {
  getDeclarationForElement: (element: ElementImpl) => Style;
};
const idlUtils = requireJsdom('./lib/jsdom/living/generated/utils.js') as {
  implForWrapper: (wrapper: unknown) => ElementImpl | undefined;
  wrapperForImpl: (impl: ElementImpl) => Element;
};
const { CSSStyleDeclaration } = requireJsdom('cssstyle') as {
  CSSStyleDeclaration: new () => Style;
};
const cssom = requireJsdom('@acemir/cssom') as { parse(text: string): Sheet };
const defaultSheet = cssom.parse(
  readFileSync(join(dirname(jsdomPackage), 'lib/jsdom/browser/default-stylesheet.css'), 'utf8'),
);

/**
 * The keys (`.class`, `#id`, `tag`) one of which an element must have for `selector` (a selector
 * list) to match it, or null when some selector of the list requires none of them or is not
 * read here with certainty (escapes, namespaces, nesting).
 */
export function requiredKeys(selector: string): string[] | null {
  // Only printable ASCII and CSS whitespace: an identifier never ends early at a character
  // not read here.
  if (/[\\|&]|[^ -~\t\n\r\f]/.test(selector)) return null;
  const keys = new Set<string>();
  for (const complex of splitTopLevel(selector, ',')) {
    const key = rightmostKey(complex.trim());
    if (key === null) return null;
    keys.add(key);
  }
  return keys.size > 0 ? [...keys] : null;
}

/**
 * Calls `visit` with each character of `text` outside brackets, parentheses and strings; false
 * when these are not balanced.
 */
function eachTopLevel(text: string, visit: (c: string, at: number) => void): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0) visit(c, i);
  }
  return depth === 0 && !quote;
}

/** `text` cut at `separator` outside brackets, parentheses and strings. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  eachTopLevel(text, (c, at) => {
    if (c === separator) {
      parts.push(text.slice(start, at));
      start = at + 1;
    }
  });
  parts.push(text.slice(start));
  return parts;
}

function rightmostKey(complex: string): string | null {
  // The last compound: after the last combinator (whitespace, >, +, ~) at the top level.
  let start = 0;
  const balanced = eachTopLevel(complex, (c, at) => {
    if (' >+~\t\n\r\f'.includes(c)) start = at + 1;
  });
  if (!balanced) return null;
  // Only the compound's top level: what is inside :not(), :is(), [..] requires nothing certain.
  let top = '';
  eachTopLevel(complex.slice(start), (c) => {
    top += c;
  });
  const id = /#(-?[_a-zA-Z][-_a-zA-Z0-9]*)/.exec(top);
  if (id) return `#${id[1]}`;
  const cls = /\.(-?[_a-zA-Z][-_a-zA-Z0-9]*)/.exec(top);
  if (cls) return `.${cls[1]}`;
  const tag = /^([a-zA-Z][-a-zA-Z0-9]*)/.exec(top);
  if (tag) return tag[1]!.toLowerCase();
  return null;
}

/** A rule jsdom would match, with its position in the cascade. */
type Entry = { rule: Rule; selector: string; position: number };
type Index = { byKey: Map<string, Entry[]>; always: Entry[] };

const keysBySelector = new Map<string, string[] | null>();

/** The rules jsdom's getComputedStyle considers, in its order (only @media screen and imports). */
function eachRule(sheets: Sheet[], visit: (rule: Rule) => void) {
  for (const sheet of sheets) {
    for (const rule of Array.from(sheet.cssRules)) {
      if (rule.media) {
        const media = Array.from(rule.media);
        if (rule.constructor.name === 'CSSImportRule') {
          const imported = (rule as unknown as { styleSheet: Sheet | null }).styleSheet;
          if (imported !== null && (media.length === 0 || media.includes('screen'))) {
            Array.from(imported.cssRules).forEach(visit);
          }
        } else if (media.includes('screen')) {
          Array.from((rule as unknown as Sheet).cssRules).forEach(visit);
        }
      } else {
        visit(rule);
      }
    }
  }
}

function buildIndex(sheets: Sheet[]): Index {
  const index: Index = { byKey: new Map(), always: [] };
  let position = 0;
  eachRule(sheets, (rule) => {
    if (!rule.selectorText) return;
    // As jsdom: https://github.com/jsdom/cssstyle/issues/193
    const selector = rule.selectorText.split(';').pop()!.trim();
    let keys = keysBySelector.get(selector);
    if (keys === undefined) {
      keys = requiredKeys(selector);
      keysBySelector.set(selector, keys);
    }
    const entry = { rule, selector, position: position++ };
    if (keys === null) index.always.push(entry);
    else
      for (const key of keys) {
        const list = index.byKey.get(key);
        if (list) list.push(entry);
        else index.byKey.set(key, [entry]);
      }
  });
  return index;
}

export function fileRulesBySelector(window: Window & typeof globalThis) {
  const document = window.document;
  if (idlUtils.implForWrapper(document) === undefined) {
    throw new Error('the jsdom loaded here is not the one running the tests');
  }
  if (document.compatMode !== 'CSS1Compat') return; // quirks mode: classes match in any case

  // The index, for the sheets it was built from (each sheet and its rule count).
  let index: Index | undefined;
  let indexedSheets: Sheet[] = [];
  let indexedCounts: number[] = [];
  const currentIndex = (sheets: Sheet[]): Index => {
    let same = index !== undefined && sheets.length === indexedSheets.length;
    for (let i = 0; same && i < sheets.length; i++) {
      same = sheets[i] === indexedSheets[i] && sheets[i]!.cssRules.length === indexedCounts[i];
    }
    if (!same || !index) {
      index = buildIndex([defaultSheet, ...sheets]);
      indexedSheets = [...sheets];
      indexedCounts = sheets.map((sheet) => sheet.cssRules.length);
    }
    return index;
  };

  const declarationFor = (impl: ElementImpl): Style => {
    const owner = impl._ownerDocument;
    const cache = (owner._styleCache ??= new WeakMap());
    const cached = cache.get(impl);
    if (cached) return cached;

    const { byKey, always } = currentIndex(owner.styleSheets._list);
    const element = idlUtils.wrapperForImpl(impl);
    let candidates: Entry[] = always;
    const add = (key: string) => {
      const entries = byKey.get(key);
      if (entries)
        candidates = candidates === always ? [...always, ...entries] : [...candidates, ...entries];
    };
    add(element.localName.toLowerCase());
    if (element.id) add(`#${element.id}`);
    for (const name of Array.from(element.classList)) add(`.${name}`);
    if (candidates !== always) {
      candidates = [...new Set(candidates)].sort((a, b) => a.position - b.position);
    }

    // From here as jsdom's getDeclarationForElement.
    const declaration = new CSSStyleDeclaration();
    const handleProperty = (style: Style, property: string) => {
      const value = style.getPropertyValue(property);
      if (value === 'unset') declaration.removeProperty(property);
      else declaration.setProperty(property, value, style.getPropertyPriority(property));
    };
    for (const { rule, selector } of candidates) {
      let matched = false;
      try {
        const { match, pseudoElement } = owner._domSelector.check(selector, impl);
        matched = match && !pseudoElement;
      } catch {
        matched = false;
      }
      if (!matched) continue;
      for (let i = 0; i < rule.style.length; i++) handleProperty(rule.style, rule.style[i]!);
    }
    for (let i = 0; i < impl.style.length; i++) handleProperty(impl.style, impl.style[i]!);
    cache.set(impl, declaration);
    return declaration;
  };

  // Ancestors' declarations (inherited properties) are asked for through the module's export;
  // the element's own first, by getComputedStyle, through the same cache.
  styleRules.getDeclarationForElement = declarationFor;
  const jsdomComputedStyle = window.getComputedStyle;
  const computedStyle = (element: Element, pseudoElement?: string | null) => {
    const impl = element instanceof window.Element ? idlUtils.implForWrapper(element) : undefined;
    if (impl) declarationFor(impl);
    return jsdomComputedStyle(element, pseudoElement);
  };
  window.getComputedStyle = computedStyle;
  if (globalThis.getComputedStyle !== computedStyle) globalThis.getComputedStyle = computedStyle;
}
