#!/usr/bin/env node
// `npm run fuzz`: the robustness properties of test/unit/robustness/harness.ts
// at scale (100,000 property runs by default, split over worker threads),
// then every huge document (1 MB lines, thousands of repeated keys).
// Prints each property's runs and time, the number of cases, and every
// failure with its seed, path and counterexample; exits 1 on a failure.
//
//   npm run fuzz                       # 100,000 runs, random seed
//   npm run fuzz -- --runs 20000       # fewer
//   npm run fuzz -- --seed 42          # replay a run (same --runs and --workers)
//   npm run fuzz -- --workers 1
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const compiled = path.join(root, 'out', 'test', 'unit', 'robustness', 'harness.js');

if (isMainThread) {
  if (!existsSync(compiled)) {
    console.error(`${compiled} is missing: run "npx tsc -b" first (npm run fuzz does).`);
    process.exit(2);
  }
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const total = Number(arg('--runs') ?? 100000);
  const seed = Number(arg('--seed') ?? Math.floor(Math.random() * 0x7fffffff));
  const parts = Math.max(1, Number(arg('--workers') ?? Math.min(4, availableParallelism())));
  console.log(`vmx-cpuid fuzz: ${total} property runs over ${parts} worker${parts === 1 ? '' : 's'}, seed ${seed}`);
  const t0 = Date.now();
  const summaries = await Promise.all(
    Array.from({ length: parts }, (_, part) =>
      new Promise((resolve, reject) => {
        const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { total, seed, part, parts }, resourceLimits: { maxOldGenerationSizeMb: 4096 } });
        worker.on('message', (m) => (m.log !== undefined ? console.log(m.log) : resolve(m.summary)));
        worker.on('error', reject);
        worker.on('exit', (code) => code !== 0 && reject(new Error(`worker ${part + 1} exited with code ${code}`)));
      }),
    ),
  ).catch((err) => {
    console.error(`fuzz run failed: ${err.stack ?? err}`);
    process.exit(1);
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const byName = new Map();
  for (const s of summaries) for (const r of s.results) {
    const e = byName.get(r.name) ?? { runs: 0, failed: 0 };
    e.runs += r.runs;
    e.failed += r.failed ? 1 : 0;
    byName.set(r.name, e);
  }
  console.log('\nper property:');
  for (const [name, e] of byName) console.log(`  ${e.failed ? 'FAIL' : 'ok  '} ${String(e.runs).padStart(7)}  ${name}`);
  const huge = summaries.flatMap((s) => s.huge);
  console.log(`  ${huge.every((h) => h.ok) ? 'ok  ' : 'FAIL'} ${String(huge.length).padStart(7)}  huge documents (each with and without a configuration)`);
  const cases = summaries.reduce((n, s) => n + s.cases, 0);
  const failures = summaries.reduce((n, s) => n + s.results.filter((r) => r.failed).length + s.huge.filter((h) => !h.ok).length, 0);
  console.log(`\n${cases} cases in ${seconds} s (seed ${seed}); ${failures} failure${failures === 1 ? '' : 's'}`);
  process.exitCode = failures === 0 ? 0 : 1;
} else {
  const { runFuzz } = createRequire(import.meta.url)(compiled);
  const summary = runFuzz({ ...workerData, huge: 'all', log: (line) => parentPort.postMessage({ log: line }) });
  parentPort.postMessage({ summary });
}
