// Entry point VS Code loads from `extensionTestsPath` (code-server payload or
// @vscode/test-electron). It runs every compiled `*.test.js` next to it with
// mocha inside the extension host, where the real `vscode` API is available.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    // Output is relayed line by line through the workbench's log; escape
    // codes would only garble CI logs.
    color: false,
    // First activation starts the language server; give real editors room.
    timeout: 60_000,
    // Lets a developer narrow a run: VMX_CPUID_E2E_GREP=diagnostics npm run test:e2e
    grep: process.env.VMX_CPUID_E2E_GREP,
  });

  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  if (files.length === 0) {
    return Promise.reject(new Error(`no *.test.js files in ${__dirname}: is the suite compiled?`));
  }
  for (const name of files) {
    mocha.addFile(path.join(__dirname, name));
  }

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        // Summary in a fixed form so wrappers and humans can grep it.
        console.log(`${passed} passed, ${failures} failed`);
        if (failures > 0) {
          reject(new Error(`${failures} e2e test(s) failed`));
        } else if (passed === 0) {
          // A grep that matches nothing must not look like success.
          reject(new Error('no e2e tests ran'));
        } else {
          resolve();
        }
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
