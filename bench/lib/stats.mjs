import { readFileSync } from 'node:fs';

// Timing helpers: warm-up, then repeated samples; medians and percentiles.
//
// In-process work is timed in CPU time of this process (process.cpuUsage:
// user + system, all threads, µs resolution), not wall time: on a shared,
// loaded machine wall time mostly measures the other processes. `wallNow` is
// there for latencies seen by a client (LSP), where waiting is the point.

export const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
export const wallNow = () => performance.now();

/** CPU time (ms) consumed so far by the waited-for children of this process (Linux /proc; NaN elsewhere). */
export function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state(3) ... utime(14) stime(15) cutime(16) cstime(17) → indexes 13, 14 here.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** CPU time (ms) a running process has used so far (Linux /proc; NaN elsewhere). */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

const CLK_TCK = 100; // USER_HZ on Linux

export function median(xs) {
  return percentile(xs, 50);
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(xs, p) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

/**
 * Times `fn` (sync): `warmup` unrecorded calls, then `reps` samples. A sample
 * runs `fn` enough times to last at least `minSampleMs` (calibrated once) and
 * records the mean per call, so microsecond-scale work is measured above the
 * timer's resolution. Returns the per-call times in ms.
 */
export function timeSync(fn, { warmup = 5, reps = 20, minSampleMs = 2, now = cpuNow } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  let inner = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < inner; i++) fn();
    const dt = now() - t0;
    if (dt >= minSampleMs || inner >= 1 << 20) break;
    inner *= dt > 0 ? Math.min(16, Math.max(2, Math.ceil(minSampleMs / dt))) : 16;
  }
  const out = [];
  for (let r = 0; r < reps; r++) {
    const t0 = now();
    for (let i = 0; i < inner; i++) fn();
    out.push((now() - t0) / inner);
  }
  return out;
}

/** Same for an async `fn`, one call per sample. */
export async function timeAsync(fn, { warmup = 5, reps = 20, now = cpuNow } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const out = [];
  for (let r = 0; r < reps; r++) {
    const t0 = now();
    await fn();
    out.push(now() - t0);
  }
  return out;
}

export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 0.01) return `${(ms * 1000).toFixed(2)} µs`;
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(0)} ms`;
}
