// Entry point the web workbench loads from `extensionTestsPath` (bundled by
// test/web/build-suite.mjs). Runs the web suite with mocha's browser build
// inside the web-worker extension host, where the real `vscode` API is.
import 'mocha/mocha';

// Bundled by esbuild, which resolves this require at build time.
declare const require: (id: string) => unknown;

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    // The spec reporter writes through console.log, which the workbench relays to the runner.
    mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000 });
    // Registered after setup: the files call the tdd globals (suite, test) when they load.
    require('./web.test');
    try {
      const runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        // Summary in a fixed form; test/web/run-web.mjs reads it.
        console.log(`${passed} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} web test(s) failed`));
        else if (passed === 0) reject(new Error('no web tests ran'));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
