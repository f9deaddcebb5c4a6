/**
 * Memoisation of pure functions of a string (mask values, keys): the same
 * text recurs across the lines of a file, across the versions of an edited
 * document and across the files of a CLI run. Results must be immutable.
 * The table is bounded: when full it is cleared, not evicted entry by entry —
 * the next lookups refill it with what is in use now; texts longer than
 * `maxLength` (no real mask or key is) are computed every time, not kept.
 */
import { detach } from './detach';

export function memoByString<R>(fn: (text: string) => R, limit = 20_000, maxLength = 200): (text: string) => R {
  const table = new Map<string, R>();
  return (text) => {
    if (text.length > maxLength) return fn(text);
    let result = table.get(text);
    if (result === undefined && !table.has(text)) {
      if (table.size >= limit) table.clear();
      result = fn(text);
      // The key is detached: a value sliced from a document must not keep the document alive.
      table.set(detach(text), result);
    }
    return result as R;
  };
}

/**
 * Memoisation of a pure function of a long-lived object (a mask key, a bit-database entry, a
 * profile, a document model): computed once per object, forgotten with it. Results must be
 * immutable.
 */
export function memoByObject<K extends object, R>(fn: (key: K) => R): (key: K) => R {
  const table = new WeakMap<K, R>();
  return (key) => {
    if (table.has(key)) return table.get(key) as R;
    const result = fn(key);
    table.set(key, result);
    return result;
  };
}
