/**
 * Gives memory back once the server goes quiet. Every keystroke re-analyses
 * the document and V8 lets garbage pile up (its heap grows to several times
 * the live data before it collects, and never shrinks by itself while the
 * process waits); a full collection after a burst of work, when nothing has
 * happened for a while, returns the server to its live size.
 */
export interface IdleCollector {
  /** Work happened: (re)start the quiet period. */
  touch(): void;
  dispose(): void;
}

export function idleCollector(collect: () => void, quietMs: number): IdleCollector {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let worked = false;
  return {
    touch() {
      worked = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        if (!worked) return;
        worked = false;
        collect();
      }, quietMs);
      // Never the reason the process stays alive.
      (timer as { unref?: () => void }).unref?.();
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
