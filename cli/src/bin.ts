/** Process entry of the `vmx-cpuid` bin: runs the CLI and sets the exit code. */
import { EXIT_USAGE, run } from './main';

// `vmx-cpuid check . | head`: when the reader goes away, stop quietly with
// the exit code found so far, as Unix tools do, instead of a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`vmx-cpuid: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
