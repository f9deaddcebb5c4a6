/**
 * Node entry of the language server: `vmx-cpuid-language-server --stdio`
 * for any editor, `--node-ipc` for the VS Code client.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { SERVER_NAME, startServer } from '../lsp/server';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket=', '--pipe=', '--clientProcessId'];

function main(argv: readonly string[]): void {
  if (argv.includes('--help') || argv.includes('-h') || !argv.some((a) => TRANSPORTS.some((t) => a.startsWith(t)))) {
    const out = argv.includes('--help') || argv.includes('-h') ? process.stdout : process.stderr;
    out.write(
      `Usage: ${SERVER_NAME} --stdio | --node-ipc | --socket=<port> | --pipe=<name>\n` +
        'Language server for VMware .vmx files (CPUID masks). Start it from an editor\'s LSP client, e.g.\n' +
        `  Neovim: vim.lsp.start_client{ cmd = { '${SERVER_NAME}', '--stdio' } }\n`,
    );
    process.exitCode = out === process.stdout ? 0 : 2;
    return;
  }
  // Keep the process alive through any stray exception, and say what happened.
  process.on('uncaughtException', (err) => process.stderr.write(`${SERVER_NAME}: uncaught exception: ${err.stack ?? err.message}\n`));
  process.on('unhandledRejection', (err) => process.stderr.write(`${SERVER_NAME}: unhandled rejection: ${String(err)}\n`));
  startServer(createConnection(ProposedFeatures.all));
}

main(process.argv.slice(2));
