/**
 * A read-only map made of a base map and a few changes on top of it. An edit
 * changes one or two keys of a document's key table (10k keys in a large
 * .vmx); copying the whole table for every version cost more than the rest
 * of the re-parse. Layers do not stack: a map over an overlay shares the
 * overlay's base and merges the changes, and once the changes grow large they
 * are flattened into a plain map, so lookups stay two map reads at most.
 *
 * Iteration gives the base's keys in the base's order, then the added keys.
 * Values are never `undefined` (in `over`, `undefined` means "delete").
 */
export class OverlayMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    /** DELETED marks a deleted key (one lookup tells changed, deleted or untouched). */
    private readonly changes: ReadonlyMap<K, V | typeof DELETED>,
    readonly size: number,
  ) {}

  /** `map` with `changes` applied (a value `undefined` deletes the key); `map` itself is not changed. */
  static over<K, V>(map: ReadonlyMap<K, V>, changes: ReadonlyMap<K, V | undefined>): ReadonlyMap<K, V> {
    let base = map;
    const merged = new Map<K, V | typeof DELETED>(map instanceof OverlayMap ? (map.changes as ReadonlyMap<K, V | typeof DELETED>) : undefined);
    if (map instanceof OverlayMap) base = map.base;
    for (const [k, v] of changes) merged.set(k, v === undefined ? DELETED : v);
    if (merged.size > FLATTEN_AT) {
      const flat = new Map(base);
      for (const [k, v] of merged) {
        if (v === DELETED) flat.delete(k);
        else flat.set(k, v);
      }
      return flat;
    }
    let size = base.size;
    for (const [k, v] of merged) {
      const inBase = base.has(k);
      if (v === DELETED && inBase) size--;
      else if (v !== DELETED && !inBase) size++;
    }
    return new OverlayMap(base, merged, size);
  }

  get(key: K): V | undefined {
    const changed = this.changes.get(key);
    if (changed === undefined) return this.base.get(key);
    return changed === DELETED ? undefined : changed;
  }

  has(key: K): boolean {
    const changed = this.changes.get(key);
    if (changed === undefined) return this.base.has(key);
    return changed !== DELETED;
  }

  *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.base) {
      const changed = this.changes.get(k);
      if (changed === undefined) yield [k, v];
      else if (changed !== DELETED) yield [k, changed];
    }
    for (const [k, v] of this.changes) if (v !== DELETED && !this.base.has(k)) yield [k, v];
  }

  *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }
}

const DELETED: unique symbol = Symbol('deleted');

/** Beyond this many changed keys an overlay is flattened into a plain map. */
const FLATTEN_AT = 64;
