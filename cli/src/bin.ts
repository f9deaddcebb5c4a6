/** Process entry of the `vmx-cpuid` bin: runs the CLI and sets the exit code. */
import { EXIT_USAGE, run } from './main';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`vmx-cpuid: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
