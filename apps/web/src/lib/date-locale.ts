import { dayjs } from './format.ts';

/*
 * Dates in the browser's language. Every dayjs locale is its own small chunk and only the one
 * the browser asks for is fetched, once, with the signed-in frame (router.tsx), whose pages
 * are the ones showing dates; English needs none.
 */

type LocaleModule = { default: { name: string } };

const LOADERS = import.meta.glob<LocaleModule>('../../node_modules/dayjs/esm/locale/*.js');
const byName = new Map(
  Object.entries(LOADERS).map(([path, load]) => [/([^/]+)\.js$/.exec(path)?.[1] ?? '', load]),
);

/**
 * The dayjs locale for the browser's preferred languages: `de-DE` → `de`, `en-GB` → `en-gb`,
 * `zh-Hant-TW` → `zh-tw`; the first language dayjs knows wins, else English.
 */
export function pickDateLocale(languages: readonly string[], known: (name: string) => boolean) {
  for (const tag of languages) {
    const parts = tag.toLowerCase().split('-');
    const language = parts[0] ?? '';
    const region = parts.length > 1 ? parts[parts.length - 1] : undefined;
    const candidates = [parts.join('-'), region ? `${language}-${region}` : '', language];
    // American English is dayjs's own "en"; any other English without a locale of its own too.
    if (language === 'en' && !candidates.slice(0, 2).some((name) => name && known(name))) {
      return 'en';
    }
    const found = candidates.find((name) => name && known(name));
    if (found) return found;
  }
  return 'en';
}

let loading: Promise<void> | undefined;

/** Loads the browser's date locale into dayjs (once); resolves when dayjs speaks it. */
export function loadDateLocale(): Promise<void> {
  if (loading) return loading;
  const name = pickDateLocale(navigator.languages ?? [navigator.language], (candidate) =>
    byName.has(candidate),
  );
  const load = name === 'en' ? undefined : byName.get(name);
  loading = load
    ? load()
        .then((module) => {
          dayjs.locale(module.default.name);
        })
        // Without its locale the dashboard still works, with English dates.
        .catch(() => undefined)
    : Promise.resolve();
  return loading;
}
