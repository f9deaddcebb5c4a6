/**
 * Helpers for patching the previous version's tables after an edit (parser
 * entry tables, CPU view): ordered lists by line, and the set of keys whose
 * group has more than one member.
 */

/** The first position in `sorted` (in line order) whose line is not before `line`. */
export function positionOfLine<T>(sorted: readonly T[], line: number, lineOf: (item: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lineOf(sorted[mid]!) < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The keys with more than one member, after `changes` (new groups by key; `undefined`: the key is
 * gone) were applied to the groups behind `previous`. `previous` itself is returned when nothing
 * changed, and never modified.
 */
export function keysWithSeveral(previous: ReadonlySet<string>, changes: ReadonlyMap<string, readonly unknown[] | undefined>): ReadonlySet<string> {
  let keys: Set<string> | undefined;
  for (const [key, group] of changes) {
    const several = group !== undefined && group.length > 1;
    if (several === (keys ?? previous).has(key)) continue;
    keys ??= new Set(previous);
    if (several) keys.add(key);
    else keys.delete(key);
  }
  return keys ?? previous;
}
