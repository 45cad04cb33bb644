import { useEffect, useState } from 'react';

/**
 * An Autocomplete's options, changed so that a highlighted option survives the server's answer.
 * The list keeps an option highlighted (keyboard or mouse) when it is still there after a
 * change, but only when the number of options changes too: a different list of the same length
 * (the answer for the typed text replacing the results shown until then) would drop the
 * highlight, and Enter would pick nothing. Such a change shows both lists for one render first.
 */
export function useBridgedOptions(options: string[]): string[] {
  const [last, setLast] = useState(options);
  const [bridge, setBridge] = useState<string[] | null>(null);
  if (options.length !== last.length || options.some((name, index) => name !== last[index])) {
    setLast(options);
    const replaced = options.length === last.length;
    setBridge(replaced ? [...last, ...options.filter((name) => !last.includes(name))] : null);
  }
  useEffect(() => {
    if (bridge) setBridge(null);
  }, [bridge]);
  return bridge ?? options;
}
