#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --json]`: the performance benchmark of
// vmx-cpuid (see bench/README.md). Not a test: it measures and reports, and
// marks each number against its target. Exit code 0 whatever the numbers
// (1 only when the benchmark itself fails).
//
//   --quick      smaller inputs and fewer repetitions (under a minute)
//   --json       print one JSON object as the last line (the headline numbers)
//   --no-build   do not rebuild dist/ even when sources are newer
//   --package    run `npm run package` first (rebuilds dist/ minified and
//                rewrites vmx-cpuid.vsix), then restore the dev build
//   --no-write   do not update bench/RESULTS.md
//
// To measure a candidate change without touching the working tree:
//   VMX_BENCH_SRC=/path/to/copy   bundle the analysis core from <copy>/server/src
//   VMX_BENCH_DIST=/path/to/dist  use <dist>/server.js and <dist>/cli.js
// (a copy of the repo with the change, built with esbuild like scripts/build.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateVmx, toJsonc, jsonSchema, longLineCases } from './lib/generate.mjs';
import { median, percentile, timeSync, timeAsync, fmtMs, childrenCpuMs, processCpuMs } from './lib/stats.mjs';
import { loadJsonLanguageService, jsonValidator, JSON_LS_PACKAGE, JSON_LS_VERSION } from './lib/jsonPeer.mjs';
import { startLspServer, killAllServers } from './lib/lspClient.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const args = new Set(process.argv.slice(2));
if (args.has('--help') || args.has('-h')) {
  const header = readFileSyncHead(fileURLToPath(import.meta.url));
  process.stdout.write(`${header}\n`);
  process.exit(0);
}
function readFileSyncHead(file) {
  // The comment block at the top of this file is the usage text.
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out = [];
  for (const line of lines.slice(1)) {
    if (!line.startsWith('//')) break;
    out.push(line.replace(/^\/\/ ?/, ''));
  }
  return out.join('\n');
}
const SRC = path.resolve(process.env.VMX_BENCH_SRC ?? ROOT);
const DIST = path.resolve(process.env.VMX_BENCH_DIST ?? path.join(ROOT, 'dist'));
const QUICK = args.has('--quick');
const JSON_OUT = args.has('--json');

const P = QUICK
  ? { sizes: [100, 10000], warmup: 1, reps: 3, variants: 4, minSampleMs: 1, hovers: 20, edits: 5, editSizes: [10000], coldStarts: 2, coldSizes: [100], cliFiles: 200, cliReps: 2, hostFiles: 5, linReps: 2, linBytes: 200_000 }
  : { sizes: [100, 1000, 10000], warmup: 5, reps: 21, variants: 26, minSampleMs: 2, hovers: 300, edits: 30, editSizes: [100, 10000], coldStarts: 20, coldSizes: [100, 10000], cliFiles: 10000, cliReps: 20, hostFiles: 20, linReps: 20, linBytes: 1_000_000 };

const TARGETS = {
  analysis_vs_json: 1.0,
  analysis_vs_floor: 5,
  hover_p95_ms: 5,
  diagnostics_p95_ms: 25,
  cold_start_ms: 300,
  cli_vs_read: 3,
  rss_mb: 80,
  vsix_kb: 1024,
  linearity: 10,
};

const SOURCE = 'intel-haswell';
const log = (s = '') => process.stderr.write(`${s}\n`);
const rows = []; // { section, metric, value, target, status, note }
const notes = [];
const headline = {};

function row(section, metric, value, target, key) {
  const status = target === undefined || !Number.isFinite(value?.num) ? (Number.isFinite(value?.num) ? 'info' : 'n/a') : value.num <= target.num ? 'met' : 'missed';
  rows.push({ section, metric, value: value?.text ?? 'n/a', target: target?.text ?? '', status });
  if (key) headline[key] = Number.isFinite(value?.num) ? Math.round(value.num * 1000) / 1000 : null;
  log(`  ${metric}: ${value?.text ?? 'n/a'}${target ? ` (target ${target.text}: ${status})` : ''}`);
}
const ms = (n) => ({ num: n, text: fmtMs(n) });
const ratio = (n) => ({ num: n, text: Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a' });

// ---------------------------------------------------------------- set-up

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  if (process.env.VMX_BENCH_DIST) return `server and CLI from VMX_BENCH_DIST=${DIST}`;
  const outputs = ['server.js', 'cli.js'].map((f) => path.join(ROOT, 'dist', f));
  const built = Math.min(...outputs.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
  const sources = Math.max(...['server/src', 'server/data', 'cli/src'].map((d) => newestMtime(path.join(ROOT, d))));
  if (built >= sources) return 'dist/ is up to date with the sources';
  if (args.has('--no-build')) return 'dist/ is OLDER than the sources (--no-build given: measured as is)';
  log('dist/ is older than the sources: node scripts/build.mjs');
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
  return 'dist/ rebuilt (node scripts/build.mjs) before measuring';
}

async function bundleCore(tmp) {
  const req = createRequire(path.join(ROOT, 'package.json'));
  const esbuild = req('esbuild');
  const outfile = path.join(tmp, 'core.cjs');
  let entry = path.join(BENCH_DIR, 'lib', 'analysis-entry.ts');
  if (SRC !== ROOT) {
    // The same exports, from another copy of the sources.
    entry = path.join(SRC, 'bench-core-entry.ts');
    const text = fs.readFileSync(path.join(BENCH_DIR, 'lib', 'analysis-entry.ts'), 'utf8').replaceAll("'../../server/src/", "'./server/src/");
    fs.writeFileSync(entry, text);
  }
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile);
}

function machine() {
  const cpus = os.cpus();
  return `${os.type()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model ?? '?'}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

// ---------------------------------------------------------------- a. analysis

async function benchAnalysis(core, config) {
  log('\n[a] analysis: DocumentModel(...).problems, 23 built-in targets, source ' + SOURCE);
  const peer = loadJsonLanguageService(ROOT);
  if (peer.error) {
    log(`  ${peer.error}`);
    notes.push(peer.error);
  } else if (peer.from !== 'project') {
    const msg = `${JSON_LS_PACKAGE} is not in the project's node_modules; used ${peer.version} from ${peer.from}. Add "${JSON_LS_PACKAGE}": "${JSON_LS_VERSION}" to devDependencies.`;
    log(`  ${msg}`);
    notes.push(msg);
  }
  const validate = peer.ls ? jsonValidator(peer.ls, jsonSchema()) : undefined;
  const result = {};
  for (const n of P.sizes) {
    // A different document for every run (same generator, other seeds): the analysis memoises mask
    // values and keys by text, so analysing one text again and again would measure the memo.
    const docs = Array.from({ length: P.variants }, (_, k) => generateVmx(n, n * 1000 + k));
    const texts = docs.map((d) => d.text);
    const jsoncs = docs.map((d) => toJsonc(d.entries));
    let version = 0;
    let problems = 0;
    const analysis = timeSync(
      () => {
        const text = texts[version % texts.length];
        problems = new core.DocumentModel('file:///bench/generated.vmx', ++version, text, { config }).problems.length;
      },
      { warmup: P.warmup, reps: P.reps, minSampleMs: P.minSampleMs },
    );
    let lineCount = 0;
    let split = 0;
    const floor = timeSync(() => (lineCount = splitLines(texts[split++ % texts.length]).length), { warmup: P.warmup, reps: P.reps, minSampleMs: P.minSampleMs });
    let json = [NaN];
    let jsonDiagnostics = 0;
    if (validate) {
      let k = 0;
      json = await timeAsync(async () => (jsonDiagnostics = (await validate('file:///bench/generated.jsonc', jsoncs[k++ % jsoncs.length])).length), { warmup: P.warmup, reps: P.reps });
    }
    const a = median(analysis);
    const f = median(floor);
    const j = median(json);
    result[n] = { a, f, j };
    log(`  ${n} lines: analysis ${fmtMs(a)} (${problems} problems), floor ${fmtMs(f)} (${lineCount} lines), JSON peer ${fmtMs(j)} (${jsonDiagnostics} diagnostics)`);
    row('a. analysis', `${n} lines: full analysis (CPU time, median of ${P.reps})`, ms(a));
    row('a. analysis', `${n} lines: floor — split into lines (CPU time, median)`, ms(f));
    row('a. analysis', `${n} lines: JSON peer — parse + schema validation (CPU time, median)`, ms(j));
    const big = n === Math.max(...P.sizes);
    row('a. analysis', `${n} lines: analysis / JSON peer`, ratio(a / j), { num: TARGETS.analysis_vs_json, text: `≤ ${TARGETS.analysis_vs_json}×` }, big ? 'analysis_vs_json' : undefined);
    row('a. analysis', `${n} lines: analysis / floor`, ratio(a / f), { num: TARGETS.analysis_vs_floor, text: `≤ ${TARGETS.analysis_vs_floor}×` }, big ? 'analysis_vs_floor' : undefined);
  }
  // Host-free analysis (no source, no targets): what the parser and the rules cost by themselves.
  for (const n of [Math.max(...P.sizes)]) {
    const texts = Array.from({ length: P.variants }, (_, k) => generateVmx(n, n * 1000 + k).text);
    let version = 0;
    const t = median(timeSync(() => new core.DocumentModel('file:///bench/generated.vmx', ++version, texts[version % texts.length], {}).problems, { warmup: P.warmup, reps: P.reps, minSampleMs: P.minSampleMs }));
    row('a. analysis', `${n} lines: analysis without hosts (no source/targets; CPU time)`, ms(t));
  }
  return result;
}

/** The floor: one pass that splits the text into lines (\n, \r\n, \r), as any line-based parser must. */
function splitLines(text) {
  const lines = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push(text.slice(start, i));
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

// ---------------------------------------------------------------- b/d. LSP server

/** How long the server is left alone before its resting memory is read (it collects after 1 s quiet; V8 returns pages some seconds later). */
const REST_MS = 10_000;

function serverSettings(core) {
  return { source: SOURCE, targets: [...core.BUILTIN_PROFILE_NAMES], evc: null, rules: null, inlayHints: { enabled: true }, codeLens: { enabled: true } };
}

/** A server with settings applied (23 targets), ready. */
async function readyServer(core) {
  const server = startLspServer(ROOT, serverSettings(core), SERVER_JS);
  await server.initialize();
  // The server pulls settings after `initialized`; wait until they are in effect.
  for (let i = 0; i < 200; i++) {
    const info = await server.connection.sendRequest('vmxCpuid/configuration', { uri: 'untitled:probe' });
    if (info.targets?.length === core.BUILTIN_PROFILE_NAMES.length) return server;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the server did not take the settings; stderr: ${server.stderr()}`);
}

/**
 * The server as the .vsix ships it: the production (minified) bundle, built from the sources into
 * the temp dir (dist/ holds the development build, with more code to load and keep). With
 * VMX_BENCH_DIST the server given there is measured as it is.
 */
function shippedServer(tmp) {
  if (process.env.VMX_BENCH_DIST) return { file: path.join(DIST, 'server.js'), what: `${path.join(DIST, 'server.js')} (VMX_BENCH_DIST)` };
  const out = path.join(tmp, 'shipped');
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--outdir', out], { cwd: SRC, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('production build of the server failed');
  return { file: path.join(out, 'server.js'), what: 'the production build, as in the .vsix (scripts/build.mjs --production into the temp dir)' };
}

let SERVER_JS = path.join(DIST, 'server.js');

async function benchServer(core, tmp) {
  const shipped = shippedServer(tmp);
  SERVER_JS = shipped.file;
  notes.push(`Server measured (b, d): ${shipped.what}.`);
  log('\n[b] language server over stdio (node <package.json vmxCpuidServer.nodeFlags> dist/server.js --stdio, as the VS Code client starts it), source ' + SOURCE + ', 23 targets');
  const out = {};
  // Documents are files in the temp dir (no .vmx-cpuid.json above them: settings decide the hosts).
  const docs = {};
  for (const n of [100, Math.max(...P.sizes)]) {
    const g = generateVmx(n, n);
    const file = path.join(tmp, `server-${n}.vmx`);
    fs.writeFileSync(file, g.text);
    docs[n] = { ...g, uri: pathToFileURL(file).href };
  }
  const big = Math.max(...P.sizes);

  // Cold start: spawn → initialize → initialized → didOpen → first publishDiagnostics for the document.
  for (const n of P.coldSizes) {
    const times = [];
    const withHosts = [];
    const cpu = [];
    const reps = n === big ? Math.max(3, Math.ceil(P.coldStarts / 4)) : P.coldStarts;
    for (let r = 0; r < reps + 1; r++) {
      const server = startLspServer(ROOT, serverSettings(core), SERVER_JS);
      await server.initialize();
      await server.didOpen(docs[n].uri, docs[n].text);
      const { at } = await server.waitForDiagnostics((p) => p.uri === docs[n].uri, 60000, `cold start ${n} lines: first diagnostics`);
      // The server pulls the settings (source, targets) after initialized: the first publication
      // may be host-free. Also wait for the first one that judged the hosts.
      const full = await server.waitForDiagnostics((p) => p.uri === docs[n].uri && p.diagnostics.some((d) => /^(vmotion|power-on)-/.test(String(d.code))), 60000, `cold start ${n} lines: diagnostics with host checks`);
      const cpu0 = childrenCpuMs();
      await server.stop();
      if (r > 0) {
        // The first spawn only warms the file-system cache.
        times.push(at - server.startedAt);
        withHosts.push(full.at - server.startedAt);
        cpu.push(childrenCpuMs() - cpu0); // whole server life: start, diagnostics, shutdown (10 ms ticks)
      }
    }
    out[`cold${n}`] = median(times);
    row('b. server', `cold start to first diagnostics, ${n}-line file (median of ${times.length})`, ms(median(times)), n === 100 ? { num: TARGETS.cold_start_ms, text: `≤ ${TARGETS.cold_start_ms} ms` } : undefined, n === 100 ? 'cold_start_ms' : undefined);
    row('b. server', `  cold start to the first diagnostics that include the host checks, ${n}-line file (median)`, ms(median(withHosts)));
    row('b. server', `  server CPU time over that life (start … exit), ${n}-line file (median)`, ms(median(cpu)));
  }

  const server = await readyServer(core);
  try {
    for (const n of [100, big]) {
      const doc = docs[n];
      await server.didOpen(doc.uri, doc.text, 1);
      await server.waitForDiagnostics((p) => p.uri === doc.uri && p.version === 1, 60000, `open ${n} lines`);
    }
    // Hover over mask flags of the 10k-line file.
    const doc = docs[big];
    const textLines = doc.text.split('\n');
    let seed = 7;
    const nextRand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const hoverAt = () => {
      const line = doc.maskLines[Math.floor(nextRand() * doc.maskLines.length)];
      const open = textLines[line].search(/["\u201c\u201d]/);
      return { line, character: open + 1 + Math.floor(nextRand() * 39) };
    };
    for (let i = 0; i < 20; i++) await server.hover(doc.uri, hoverAt());
    const hoverTimes = [];
    let empty = 0;
    const hoverCpu0 = processCpuMs(server.proc.pid);
    for (let i = 0; i < P.hovers; i++) {
      const pos = hoverAt();
      const t0 = performance.now();
      const h = await server.hover(doc.uri, pos);
      hoverTimes.push(performance.now() - t0);
      if (!h) empty++;
    }
    const hoverCpu = (processCpuMs(server.proc.pid) - hoverCpu0) / P.hovers;
    row('b. server', `hover on mask flags, ${big}-line file, p50 (${P.hovers} hovers)`, ms(percentile(hoverTimes, 50)));
    // /proc counts CPU in 10 ms ticks: below one tick over the series, say so.
    row('b. server', `  server CPU time per hover (mean)`, hoverCpu > 0 ? ms(hoverCpu) : { num: NaN, text: `< ${fmtMs(10 / P.hovers)}` });
    row('b. server', `hover on mask flags, ${big}-line file, p95`, ms(percentile(hoverTimes, 95)), { num: TARGETS.hover_p95_ms, text: `≤ ${TARGETS.hover_p95_ms} ms` }, 'hover_p95_ms');
    if (empty > 0) notes.push(`${empty} of ${P.hovers} hovers returned no hover.`);

    // Diagnostics after an edit: didChange (one flag character) → publishDiagnostics of that version.
    for (const n of P.editSizes) {
      const d = docs[n];
      const lines = d.text.split('\n');
      let version = 1;
      const times = [];
      let cpu0 = 0;
      for (let i = 0; i < P.edits + 3; i++) {
        const line = d.maskLines[(i * 7) % d.maskLines.length];
        const col = lines[line].search(/["\u201c\u201d]/) + 1 + ((i * 5) % 39);
        const old = lines[line][col];
        const ch = old === '0' ? '-' : old === ':' ? ':' : '0';
        lines[line] = lines[line].slice(0, col) + ch + lines[line].slice(col + 1);
        version++;
        const t0 = performance.now();
        await server.didChange(d.uri, version, [{ range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: ch }]);
        const v = version;
        const { at } = await server.waitForDiagnostics((p) => p.uri === d.uri && p.version === v, 60000, `edit ${i} of the ${n}-line file (version ${v})`);
        if (i >= 3) times.push(at - t0);
        if (i === 2) cpu0 = processCpuMs(server.proc.pid);
      }
      const editCpu = (processCpuMs(server.proc.pid) - cpu0) / times.length;
      out[`diag${n}`] = { p50: percentile(times, 50), p95: percentile(times, 95) };
      row('b. server', `diagnostics after an edit, ${n}-line file, p50 (${times.length} edits)`, ms(percentile(times, 50)));
      row('b. server', `diagnostics after an edit, ${n}-line file, p95`, ms(percentile(times, 95)), n === big ? { num: TARGETS.diagnostics_p95_ms, text: `≤ ${TARGETS.diagnostics_p95_ms} ms` } : undefined, n === big ? 'diagnostics_p95_ms' : undefined);
      row('b. server', `  server CPU time per edit (mean)`, ms(editCpu));
    }

    // Line breaks typed in the 10k-line file (Enter, then Backspace): every line below moves, so
    // less is taken over from the previous version than for a one-character edit. Info, no target.
    {
      const d = docs[big];
      let version = 1000;
      const times = [];
      const cpu0 = processCpuMs(server.proc.pid);
      for (let i = 0; i < P.edits; i++) {
        const line = Math.floor(((i * 7919) % 997) / 997 * (d.lineCount - 1));
        for (const change of [
          { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\n' },
          { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' },
        ]) {
          const v = ++version;
          const t0 = performance.now();
          await server.didChange(d.uri, v, [change]);
          const { at } = await server.waitForDiagnostics((p) => p.uri === d.uri && p.version === v, 60000, `line break ${i} (version ${v})`);
          times.push(at - t0);
        }
      }
      const cpu = (processCpuMs(server.proc.pid) - cpu0) / times.length;
      row('b. server', `diagnostics after a line break typed or deleted, ${big}-line file, p50 (${times.length} edits)`, ms(percentile(times, 50)));
      row('b. server', `  … p95`, ms(percentile(times, 95)));
      row('b. server', `  server CPU time per such edit (mean)`, ms(cpu));
    }

    // d. memory with the 10k-line file open: right after the hovers and edits above (info), and at
    // rest — what the server holds while the file stays open and nobody types (the target).
    const busy = server.rssMb();
    row('d. size', `server RSS with the ${big}-line file open, right after the edits (VmRSS)`, busy ? { num: busy.rss, text: `${busy.rss.toFixed(1)} MB` } : undefined);
    await new Promise((r) => setTimeout(r, REST_MS));
    const mem = server.rssMb();
    row('d. size', `server RSS with the ${big}-line file open, at rest ${REST_MS / 1000} s after the last request (VmRSS; peak ${mem ? mem.peak.toFixed(1) : '?'} MB)`, mem ? { num: mem.rss, text: `${mem.rss.toFixed(1)} MB` } : undefined, { num: TARGETS.rss_mb, text: `≤ ${TARGETS.rss_mb} MB` }, 'rss_mb');
  } finally {
    await server.stop();
  }
  return out;
}

// ---------------------------------------------------------------- c. CLI

function runNode(argv, cwd = ROOT) {
  return new Promise((resolve, reject) => {
    const cpu0 = childrenCpuMs();
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wall = performance.now() - t0;
      // cutime is accounted when the child is reaped, which happens before 'exit' fires.
      setImmediate(() => resolve({ code, ms: wall, cpu: childrenCpuMs() - cpu0, stderr }));
    });
  });
}

async function benchCli(tmp) {
  log(`\n[c] CLI: vmx-cpuid check over ${P.cliFiles} files vs a bare Node read loop`);
  const dir = path.join(tmp, 'cli');
  for (let i = 0; i < P.cliFiles; i++) {
    const sub = path.join(dir, `vms-${String(Math.floor(i / 100)).padStart(3, '0')}`);
    if (i % 100 === 0) fs.mkdirSync(sub, { recursive: true });
    // Typical .vmx sizes: 60–200 lines.
    fs.writeFileSync(path.join(sub, `vm-${i}.vmx`), generateVmx(60 + (i % 141), 1000 + i).text);
  }
  const cli = [path.join(DIST, 'cli.js'), 'check', dir];
  const read = [path.join(BENCH_DIR, 'lib', 'read-loop.mjs'), dir];
  const first = await runNode(cli);
  if (first.code !== 0 && first.code !== 1) throw new Error(`vmx-cpuid check failed (exit ${first.code}): ${first.stderr}`);
  await runNode(read);
  const cliRuns = [];
  const readRuns = [];
  // Time budget: at most ~10 minutes for this series (a loaded machine can make one run take minutes).
  const reps = Math.min(P.cliReps, Math.max(3, Math.floor(600_000 / Math.max(1, first.ms))));
  if (reps < P.cliReps) notes.push(`CLI: ${reps} repetitions instead of ${P.cliReps} (one run took ${fmtMs(first.ms)} wall; 10-minute budget for the series).`);
  for (let r = 0; r < reps; r++) {
    // Alternate, so a change in machine load hits both.
    cliRuns.push(await runNode(cli));
    readRuns.push(await runNode(read));
  }
  const c = median(cliRuns.map((x) => x.cpu));
  const rd = median(readRuns.map((x) => x.cpu));
  row('c. CLI', `vmx-cpuid check <dir of ${P.cliFiles} files> (no config): CPU time, median of ${reps} (wall ${fmtMs(median(cliRuns.map((x) => x.ms)))})`, ms(c));
  row('c. CLI', `bare Node loop reading the same files: CPU time (wall ${fmtMs(median(readRuns.map((x) => x.ms)))})`, ms(rd));
  row('c. CLI', 'CLI / read loop (CPU time)', ratio(c / rd), { num: TARGETS.cli_vs_read, text: `≤ ${TARGETS.cli_vs_read}×` }, 'cli_vs_read');
  row('c. CLI', 'CLI / read loop (wall time; info)', ratio(median(cliRuns.map((x) => x.ms)) / median(readRuns.map((x) => x.ms))));

  // With hosts: source + 23 targets from a .vmx-cpuid.json, on a 100-file subset (info).
  const subset = path.join(tmp, 'cli-hosts');
  fs.mkdirSync(subset);
  for (let i = 0; i < P.hostFiles; i++) fs.copyFileSync(path.join(dir, `vms-000`, `vm-${i}.vmx`), path.join(subset, `vm-${i}.vmx`));
  fs.writeFileSync(path.join(subset, '.vmx-cpuid.json'), JSON.stringify({ source: SOURCE, targets: BUILTIN_NAMES }));
  const hostRuns = [];
  for (let r = 0; r < (QUICK ? 1 : 3); r++) hostRuns.push((await runNode([path.join(DIST, 'cli.js'), 'check', subset])).cpu);
  row('c. CLI', `vmx-cpuid check, ${P.hostFiles} files, .vmx-cpuid.json with source + 23 targets: CPU time per file`, ms(median(hostRuns) / P.hostFiles));
}

let BUILTIN_NAMES = [];

// ---------------------------------------------------------------- d. .vsix

function benchVsix() {
  log('\n[d] .vsix size');
  const vsix = path.join(ROOT, 'vmx-cpuid.vsix');
  let how;
  if (args.has('--package')) {
    const r = spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('npm run package failed');
    spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    how = 'packaged by this run (npm run package)';
  } else if (fs.existsSync(vsix)) {
    how = `existing vmx-cpuid.vsix of ${fs.statSync(vsix).mtime.toISOString().replace(/\.\d+Z$/, 'Z')} (not repackaged; --package to rebuild)`;
  }
  if (!fs.existsSync(vsix)) {
    row('d. size', '.vsix size (no vmx-cpuid.vsix: run npm run package or --package)', undefined, { num: TARGETS.vsix_kb, text: '≤ 1 MB' }, 'vsix_kb');
    return;
  }
  const kb = fs.statSync(vsix).size / 1024;
  row('d. size', `.vsix size — ${how}`, { num: kb, text: `${kb.toFixed(0)} kB` }, { num: TARGETS.vsix_kb, text: '≤ 1 MB (1024 kB)' }, 'vsix_kb');
}

// ---------------------------------------------------------------- e. linearity

function benchLinearity(core) {
  const big = P.linBytes >= 1e6 ? `${P.linBytes / 1e6} MB` : `${P.linBytes / 1e3} kB`;
  const small = P.linBytes / 10 >= 1e6 ? `${P.linBytes / 1e7} MB` : `${P.linBytes / 1e4} kB`;
  log(`\n[e] linearity: one ${big} line vs ten ${small} lines (host-free analysis, CPU time)`);
  let worst = 0;
  let worstCase = '';
  for (const [name, { one, ten }] of Object.entries(longLineCases(P.linBytes))) {
    let v = 0;
    const opts = { warmup: QUICK ? 1 : 2, reps: P.linReps, minSampleMs: 0 };
    const tOne = median(timeSync(() => new core.DocumentModel('file:///bench/long.vmx', ++v, one, {}).problems, opts));
    const tTen = median(timeSync(() => new core.DocumentModel('file:///bench/long.vmx', ++v, ten, {}).problems, opts));
    const r = tOne / tTen;
    log(`  ${name}: one line ${fmtMs(tOne)}, ten lines ${fmtMs(tTen)}, ratio ${r.toFixed(2)}×`);
    rows.push({ section: 'e. linearity', metric: `${name}: 1 × ${big} line ${fmtMs(tOne)} vs 10 × ${small} lines ${fmtMs(tTen)}`, value: `${r.toFixed(2)}×`, target: `≤ ${TARGETS.linearity}×`, status: r <= TARGETS.linearity ? 'met' : 'missed' });
    if (r > worst) {
      worst = r;
      worstCase = name;
    }
  }
  row('e. linearity', `worst case (${worstCase})`, ratio(worst), { num: TARGETS.linearity, text: `≤ ${TARGETS.linearity}×` });
}

// ---------------------------------------------------------------- report

function table() {
  const head = ['section', 'metric', 'value', 'target', 'status'];
  const data = rows.map((r) => [r.section, r.metric, r.value, r.target, r.status]);
  const widths = head.map((h, i) => Math.max(h.length, ...data.map((d) => d[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...data.map(line)].join('\n');
}

function markdown(context) {
  const esc = (s) => s.replace(/\|/g, '\\|');
  const lines = [
    `Run: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} — \`npm run bench${QUICK ? ' -- --quick' : ''}\``,
    '',
    `Machine: ${context.machineStart}; at the end: load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
    `Build: ${context.build}.${SRC !== ROOT ? ` Analysis core from VMX_BENCH_SRC=${SRC}.` : ""} Hosts: source ${SOURCE}, targets all ${BUILTIN_NAMES.length} built-in baselines.`,
    '',
    '| section | metric | value | target | status |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${esc(r.section)} | ${esc(r.metric)} | ${esc(r.value)} | ${esc(r.target)} | ${r.status === 'missed' ? '**missed**' : r.status} |`),
    '',
    ...(notes.length ? ['Notes:', '', ...notes.map((n) => `- ${n}`), ''] : []),
    'Headline (`--json`):',
    '',
    '```json',
    JSON.stringify(headline),
    '```',
  ];
  return lines.join('\n');
}

/** Replaces the generated block of this mode in RESULTS.md, keeping everything else (the findings). */
function writeResults(block) {
  const file = path.join(BENCH_DIR, 'RESULTS.md');
  const mode = QUICK ? 'quick' : 'full';
  const start = `<!-- bench:${mode}:start -->`;
  const end = `<!-- bench:${mode}:end -->`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n\nGenerated blocks are rewritten by `npm run bench`; the rest of this file is kept.\n\n';
  const section = `${start}\n## ${QUICK ? 'Quick run (`--quick`)' : 'Full run'}\n\n${block}\n${end}`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a !== -1 && b !== -1) text = text.slice(0, a) + section + text.slice(b + end.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, text);
  return file;
}

async function main() {
  const started = performance.now();
  const context = { machineStart: machine(), build: ensureBuilt() };
  log(`vmx-cpuid bench${QUICK ? ' (quick)' : ''} — ${context.machineStart}\n${context.build}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-bench-'));
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    process.on(signal, () => {
      killAllServers();
      cleanup();
      process.exit(code);
    });
  }
  try {
    const core = await bundleCore(tmp);
    BUILTIN_NAMES = [...core.BUILTIN_PROFILE_NAMES];
    const config = core.resolveConfig({ source: SOURCE, targets: BUILTIN_NAMES }, (ref) => core.builtinProfileJson(ref), 'bench');
    if (config.targets.length !== 23 || config.problems.length) throw new Error(`bench config did not resolve: ${JSON.stringify(config.problems)}`);
    // A section that fails is reported (and the others still run).
    const section = async (name, fn) => {
      try {
        await fn();
      } catch (err) {
        log(`  ${name} failed: ${err.stack ?? err}`);
        notes.push(`Section ${name} failed: ${String(err.message ?? err).split('\n')[0]}`);
        rows.push({ section: name, metric: 'section failed (see notes)', value: 'n/a', target: '', status: 'n/a' });
      }
    };
    await section('a. analysis', () => benchAnalysis(core, config));
    await section('e. linearity', () => benchLinearity(core));
    await section('b. server', () => benchServer(core, tmp));
    await section('c. CLI', () => benchCli(tmp));
    await section('d. size', () => benchVsix());
  } finally {
    killAllServers();
    cleanup();
  }
  const elapsed = (performance.now() - started) / 1000;
  notes.push(`Bench wall time ${elapsed.toFixed(0)} s; generated files were written to a temp dir and removed.`);
  const out = table();
  process.stdout.write(`\n${out}\n\n`);
  if (!args.has('--no-write')) log(`wrote ${path.relative(ROOT, writeResults(markdown(context)))}`);
  if (JSON_OUT) {
    const keys = ['analysis_vs_json', 'analysis_vs_floor', 'hover_p95_ms', 'diagnostics_p95_ms', 'cold_start_ms', 'cli_vs_read', 'rss_mb', 'vsix_kb'];
    process.stdout.write(`${JSON.stringify(Object.fromEntries(keys.map((k) => [k, headline[k] ?? null])))}\n`);
  }
}

main().then(
  // Exit explicitly: a child left running after a failure must not keep the bench alive.
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
    killAllServers();
    process.exit(1);
  },
);
