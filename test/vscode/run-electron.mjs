#!/usr/bin/env node
// The standard runner: @vscode/test-electron downloads VS Code (needs
// internet) and runs the same compiled e2e suite that run-code-server.mjs
// runs in code-server. Use this on a developer machine: `npm run test:vscode`.
//
// Env: VSCODE_VERSION (default 1.100.3, the version code-server 4.100.3 is
// built on, so both runners test the same VS Code; 'stable' for the latest),
//      VSCODE_EXECUTABLE to use an installed VS Code instead of downloading.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out/test/e2e/index.js'),
    launchArgs: [
      path.join(repoRoot, 'test/e2e/fixtures'),
      // Only the extension under test, and no trust prompt blocking the run.
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
    // Pass a grep through to the suite (see test/e2e/index.ts).
    extensionTestsEnv: { VMX_CPUID_E2E_GREP: process.env.VMX_CPUID_E2E_GREP },
  });
} catch (err) {
  console.error(`[test-electron] FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
