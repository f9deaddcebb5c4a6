// The main job on the bundled examples: checks the clean examples (they must
// pass, exit 0), then shows what the checker reports on a file with typical
// copy-paste damage (examples/with-problems/, expected to have errors).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const cli = ['bin/vmx-cpuid.js'];
if (!existsSync('dist/cli.js')) {
  console.error('demo: dist/cli.js is missing; run "npm run build" first');
  process.exit(2);
}

function run(args) {
  console.log(`\n$ vmx-cpuid ${args.join(' ')}`);
  return spawnSync(process.execPath, [...cli, ...args], { stdio: 'inherit' }).status;
}

const clean = run(['check', 'examples/workstation-ubuntu-portable.vmx', 'examples/esxi-nested-lab.vmx', 'examples/legacy-erp-westmere-evc.vmx', 'examples/macos-on-amd-host.vmx']);
if (clean !== 0) {
  console.error(`demo: the clean examples should pass, but vmx-cpuid exited ${clean}`);
  process.exit(1);
}
const broken = run(['check', 'examples/with-problems']);
if (broken !== 1) {
  console.error(`demo: examples/with-problems should report errors (exit 1), but vmx-cpuid exited ${broken}`);
  process.exit(1);
}
console.log('\ndemo: the clean examples pass; the errors above in examples/with-problems are there on purpose.');
