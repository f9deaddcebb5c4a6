/**
 * The custom requests the VS Code client sends for its commands
 * (server/src/lsp/protocol.ts, served by server/src/lsp/clientRequests.ts),
 * against the built server over stdio: each answers what the core computes,
 * and bad parameters get an InvalidParams error that names the parameter —
 * without taking the server down.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { applyEdits } from '../support/applyEdits';
import { repoPath } from '../support/repo';
import { didOpen, initialize, startServer, type TestServer } from '../support/lsp';
import {
  BUILTIN_PROFILES_REQUEST,
  BuiltinProfileInfo,
  CYCLE_FLAG_REQUEST,
  CycleFlagResult,
  DECODE_ERROR_REQUEST,
  DecodeErrorResult,
  ENCODING_DECLARATION_REQUEST,
  EncodingDeclarationResult,
  EXPLAIN_CHANGES_REQUEST,
  ExplainChangesParams,
  IMPORT_PROFILE_REQUEST,
  ImportProfileResult,
  RECORDED_HOST_PROFILE_REQUEST,
} from '../../server/src/lsp/protocol';
import { BUILTIN_PROFILE_NAMES, builtinProfileJson } from '../../server/src/profiles/builtins';
import { ImportError, importProfile, importVmxHostRecords } from '../../server/src/profiles/importers';
import { decodeVmotionError } from '../../server/src/review/decodeError';
import { startServer as startServerInProcess } from '../../server/src/lsp/server';
import { NO_IMPORTERS_MESSAGE } from '../../server/src/lsp/clientRequests';
import { decodeResultMarkdown } from '../../server/src/review/decodeErrorRender';

const INVALID_PARAMS = -32602;
const profileFixture = (name: string) => fs.readFileSync(repoPath('test', 'unit', 'profiles', 'fixtures', name), 'utf8');

/** The request's error response (fails if it answered). */
async function rejection(server: TestServer, method: string, params: unknown): Promise<ResponseError<unknown>> {
  try {
    const answer = await server.connection.sendRequest(method, params);
    assert.fail(`${method} answered ${JSON.stringify(answer)} instead of an error`);
  } catch (err) {
    assert.ok(err instanceof ResponseError, `${method}: a response error, got ${String(err)}`);
    return err;
  }
}

async function assertInvalidParams(server: TestServer, method: string, params: unknown, message: RegExp): Promise<void> {
  const err = await rejection(server, method, params);
  assert.equal(err.code, INVALID_PARAMS, `${method} with ${JSON.stringify(params)}: InvalidParams (${err.message})`);
  assert.match(err.message, message);
}

describe('protocol: the client requests (clientRequests.ts)', () => {
  let server: TestServer;
  /** window/logMessage from the server: safely() logs handler failures there. */
  const logged: string[] = [];
  before(async () => {
    server = startServer();
    server.connection.onNotification('window/logMessage', (m: { message: string }) => void logged.push(m.message));
    await initialize(server);
  });
  after(async () => {
    assert.equal(await server.stop(), 0, `the server exits cleanly; stderr: ${server.stderr()}`);
  });

  const maskUri = 'file:///work/vm/masks.vmx';
  const maskText = [
    '.encoding = "windows-1252"',
    'displayName = "masks"',
    'cpuid.1.ecx = "---H:----:----:----:----:----:----:----"',
    '.encoding = "UTF-8"',
    '',
  ].join('\n');

  test('vmxCpuid/explainChanges is served under the method name of protocol.ts (the one the client sends)', async () => {
    const uri = 'file:///work/vm/explain.vmx';
    await didOpen(server, uri, 'cpuid.1.ecx = "---0:----:----:----:----:----:----:----"\n', 1);
    const params: ExplainChangesParams = { uri, oldText: '', oldLabel: 'HEAD:explain.vmx', newLabel: 'explain.vmx' };
    const markdown = await server.connection.sendRequest<string | null>(EXPLAIN_CHANGES_REQUEST, params);
    assert.ok(typeof markdown === 'string', `a Markdown report: ${JSON.stringify(markdown)}`);
    assert.match(markdown, /^## CPUID mask changes: `HEAD:explain\.vmx` → `explain\.vmx`$/m);
    assert.match(markdown, /AVX/, 'the report names the feature the new mask hides');
    const notOpen = await server.connection.sendRequest(EXPLAIN_CHANGES_REQUEST, { ...params, uri: 'file:///work/vm/not-open.vmx' });
    assert.equal(notOpen, null, 'a document the server does not have: null');
  });

  test('vmxCpuid/builtinProfiles lists every built-in profile with its title, in order', async () => {
    const list = await server.connection.sendRequest<BuiltinProfileInfo[]>(BUILTIN_PROFILES_REQUEST);
    assert.deepEqual(list.map((p) => p.name), [...BUILTIN_PROFILE_NAMES]);
    assert.deepEqual(list.map((p) => p.title), BUILTIN_PROFILE_NAMES.map((n) => builtinProfileJson(n)!.title));
    assert.ok(list.every((p) => p.title !== ''), 'every profile has a title');
  });

  test('vmxCpuid/cycleFlag answers the one-character edit for the version the server has', async () => {
    await didOpen(server, maskUri, maskText, 7);
    // cpuid.1.ecx bit 28 (AVX) is the fourth flag: H → -.
    const answer = await server.connection.sendRequest<CycleFlagResult>(CYCLE_FLAG_REQUEST, { uri: maskUri, line: 2, bit: 28 });
    assert.ok(answer?.edit, `an edit: ${JSON.stringify(answer)}`);
    assert.equal(answer.version, 7);
    assert.equal(answer.edit.newText, '-');
    assert.equal(applyEdits(maskText, [answer.edit]), maskText.replace('"---H:', '"----:'));
    const bit31 = await server.connection.sendRequest<CycleFlagResult>(CYCLE_FLAG_REQUEST, { uri: maskUri, line: 2, bit: 31 });
    assert.equal(bit31?.edit?.newText, '0', '- cycles to 0');

    assert.deepEqual(await server.connection.sendRequest(CYCLE_FLAG_REQUEST, { uri: maskUri, line: 1, bit: 28 }), { version: 7 }, 'not a mask line: no edit');
    assert.deepEqual(await server.connection.sendRequest(CYCLE_FLAG_REQUEST, { uri: maskUri, line: 2, bit: 32 }), { version: 7 }, 'no bit 32: no edit');
    assert.equal(await server.connection.sendRequest(CYCLE_FLAG_REQUEST, { uri: 'file:///work/vm/not-open.vmx', line: 2, bit: 28 }), null, 'a document the server does not have: null');
  });

  test('vmxCpuid/cycleFlag: bad parameters are InvalidParams naming the parameter', async () => {
    await assertInvalidParams(server, CYCLE_FLAG_REQUEST, { uri: maskUri, line: 2, bit: 'AVX' }, /"bit" must be an integer/);
    await assertInvalidParams(server, CYCLE_FLAG_REQUEST, { uri: maskUri, line: -1, bit: 28 }, /"line" must be an integer/);
    await assertInvalidParams(server, CYCLE_FLAG_REQUEST, { line: 2, bit: 28 }, /"uri" must be a string/);
    await assertInvalidParams(server, CYCLE_FLAG_REQUEST, [maskUri, 2, 28], /parameters must be an object/);
  });

  test('vmxCpuid/encodingDeclaration answers the first .encoding value and its range', async () => {
    const answer = await server.connection.sendRequest<EncodingDeclarationResult>(ENCODING_DECLARATION_REQUEST, { uri: maskUri });
    assert.deepEqual(answer, {
      version: 7,
      declaration: { value: 'windows-1252', range: { start: { line: 0, character: 13 }, end: { line: 0, character: 25 } } },
    });
    const plain = 'file:///work/vm/plain.vmx';
    await didOpen(server, plain, 'displayName = "no encoding"\n', 3);
    assert.deepEqual(await server.connection.sendRequest(ENCODING_DECLARATION_REQUEST, { uri: plain }), { version: 3 }, 'no declaration');
    assert.equal(await server.connection.sendRequest(ENCODING_DECLARATION_REQUEST, { uri: 'file:///work/vm/not-open.vmx' }), null);
    await assertInvalidParams(server, ENCODING_DECLARATION_REQUEST, { uri: 42 }, /"uri" must be a string/);
  });

  test('vmxCpuid/decodeError answers what the core decodes, as Markdown', async () => {
    const text = "Feature 'cpuid.avx' was present, but must be absent.";
    const answer = await server.connection.sendRequest<DecodeErrorResult>(DECODE_ERROR_REQUEST, { text });
    assert.equal(answer.recognised, true);
    assert.equal(answer.markdown, decodeResultMarkdown(decodeVmotionError(text)));
    assert.match(answer.markdown, /AVX/);
    const nothing = await server.connection.sendRequest<DecodeErrorResult>(DECODE_ERROR_REQUEST, { text: 'the weather is fine' });
    assert.equal(nothing.recognised, false);
    assert.ok(nothing.markdown.length > 0, 'the report lists the forms understood');
    await assertInvalidParams(server, DECODE_ERROR_REQUEST, { text: null }, /"text" must be a string/);
    await assertInvalidParams(server, DECODE_ERROR_REQUEST, null, /parameters must be an object/);
  });

  test('vmxCpuid/importProfile imports a dump as the core does; bad input is an error message for the user', async () => {
    const dump = profileFixture('aida64-skylake.txt');
    const answer = await server.connection.sendRequest<ImportProfileResult>(IMPORT_PROFILE_REQUEST, { text: dump, name: 'esx07' });
    assert.ok('profile' in answer, JSON.stringify(answer).slice(0, 300));
    const expected = importProfile(dump, { name: 'esx07' });
    assert.deepEqual(answer.profile, JSON.parse(JSON.stringify(expected.profile)));
    assert.deepEqual(answer.notes, expected.notes);
    assert.equal(answer.profile.name, 'esx07');

    const unnamed = await server.connection.sendRequest<ImportProfileResult>(IMPORT_PROFILE_REQUEST, { text: dump });
    assert.ok('profile' in unnamed && unnamed.profile.name === importProfile(dump).profile.name, 'without a name, the dump names the profile');

    const garbage = await server.connection.sendRequest<ImportProfileResult>(IMPORT_PROFILE_REQUEST, { text: 'hello\nworld\n' });
    assert.ok('error' in garbage);
    assert.throws(() => importProfile('hello\nworld\n'), (err: unknown) => err instanceof ImportError && err.message === garbage.error);
    assert.match(garbage.error, /no format the importer understands/);
    assert.deepEqual(await server.connection.sendRequest(IMPORT_PROFILE_REQUEST, { text: '   ' }), { error: 'the input is empty' });

    await assertInvalidParams(server, IMPORT_PROFILE_REQUEST, { text: dump, name: 7 }, /"name" must be a string when given/);
    await assertInvalidParams(server, IMPORT_PROFILE_REQUEST, {}, /"text" must be a string/);
  });

  test('vmxCpuid/recordedHostProfile reads the hostCPUID records of the open document (as importVmxHostRecords does)', async () => {
    const text = profileFixture('host-records.vmx');
    const uri = 'file:///work/vm/host-records.vmx';
    await didOpen(server, uri, text, 1);
    const answer = await server.connection.sendRequest<ImportProfileResult>(RECORDED_HOST_PROFILE_REQUEST, { uri });
    assert.ok('profile' in answer, JSON.stringify(answer).slice(0, 300));
    const expected = importVmxHostRecords(text, {});
    assert.deepEqual(answer.profile, JSON.parse(JSON.stringify(expected.profile)), 'the same profile as the importer reads from the text');
    assert.deepEqual(answer.notes, expected.notes);

    // Without records: the importer's message.
    const none = await server.connection.sendRequest<ImportProfileResult>(RECORDED_HOST_PROFILE_REQUEST, { uri: maskUri });
    assert.ok('error' in none);
    assert.throws(() => importVmxHostRecords(maskText, {}), (err: unknown) => err instanceof ImportError && err.message === none.error);

    // A broken record: the importer's message, with its line.
    const broken = 'file:///work/vm/broken-record.vmx';
    await didOpen(server, broken, 'hostCPUID.0 = "0000000d756e6547"\n', 1);
    const brokenAnswer = await server.connection.sendRequest<ImportProfileResult>(RECORDED_HOST_PROFILE_REQUEST, { uri: broken });
    assert.ok('error' in brokenAnswer);
    assert.match(brokenAnswer.error, /^line 1: hostCPUID\.0: value "0000000d756e6547" is not 32 hex digits/);

    // A document the server does not have: its text, if the client sent it.
    const viaText = await server.connection.sendRequest<ImportProfileResult>(RECORDED_HOST_PROFILE_REQUEST, { uri: 'file:///work/vm/records.txt', text });
    assert.deepEqual(viaText, answer);
    const missing = await server.connection.sendRequest<ImportProfileResult>(RECORDED_HOST_PROFILE_REQUEST, { uri: 'file:///work/vm/records.txt' });
    assert.ok('error' in missing && /is not open in the language server/.test(missing.error), JSON.stringify(missing));

    await assertInvalidParams(server, RECORDED_HOST_PROFILE_REQUEST, { uri: null }, /"uri" must be a string/);
    await assertInvalidParams(server, RECORDED_HOST_PROFILE_REQUEST, { uri: 'file:///x.vmx', text: 3 }, /"text" must be a string when given/);
  });

  test('after all the bad parameters the server still answers, and logged no handler failure (bad input is not one)', async () => {
    const list = await server.connection.sendRequest<BuiltinProfileInfo[]>(BUILTIN_PROFILES_REQUEST);
    assert.equal(list.length, BUILTIN_PROFILE_NAMES.length);
    assert.equal(server.process.exitCode, null, 'the server is running');
    assert.deepEqual(logged.filter((m) => / failed: /.test(m)), []);
  });
});

// The browser main gives the shared server no importers (its bundle leaves them out): the same
// startServer, in this process, with a host without `importers`.
describe('protocol: a server whose host has no importers (the browser\'s)', () => {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const client = createMessageConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
  const diagnosed = new Set<string>();
  before(async () => {
    client.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => void diagnosed.add(p.uri));
    startServerInProcess(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(fromServer)), {});
    client.onNotification('window/logMessage', () => undefined);
    client.listen();
    await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
    await client.sendNotification('initialized', {});
  });
  after(async () => {
    await client.sendRequest('shutdown');
    client.dispose();
    toServer.end();
    fromServer.end();
  });

  test('both import requests answer that importing is not available in the browser', async () => {
    assert.match(NO_IMPORTERS_MESSAGE, /not available in the browser/);
    const dump = await client.sendRequest<ImportProfileResult>(IMPORT_PROFILE_REQUEST, { text: profileFixture('aida64-skylake.txt') });
    assert.deepEqual(dump, { error: NO_IMPORTERS_MESSAGE });
    const uri = 'file:///work/vm/host-records.vmx';
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version: 1, text: profileFixture('host-records.vmx') } });
    assert.deepEqual(await client.sendRequest(RECORDED_HOST_PROFILE_REQUEST, { uri }), { error: NO_IMPORTERS_MESSAGE });
    // Parameters are still checked first, and the other requests work.
    const bad = await client.sendRequest(IMPORT_PROFILE_REQUEST, {}).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(bad instanceof ResponseError && bad.code === INVALID_PARAMS, `InvalidParams: ${String(bad)}`);
    const list = await client.sendRequest<BuiltinProfileInfo[]>(BUILTIN_PROFILES_REQUEST);
    assert.equal(list.length, BUILTIN_PROFILE_NAMES.length);
    // Nothing left to send once the test ends: the diagnostics of the opened document.
    for (let i = 0; i < 200 && !diagnosed.has(uri); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(diagnosed.has(uri), 'the server published the diagnostics of the opened document');
  });
});
