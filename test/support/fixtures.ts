/**
 * Fixture files for the CLI and protocol tests. Text fixtures live in
 * test/support/fixtures/; byte-exact ones (legacy encodings, BOM, invalid
 * bytes) are built here and written to a temporary directory.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { fixturePath, repoPath } from './repo';

export const TEXT_FIXTURES = ['clean.vmx', 'problems.vmx', 'template.vmtx'].map(fixturePath);

export function latin1(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** Byte fixtures: name → bytes. */
export function byteFixtures(): Record<string, Buffer> {
  return {
    'windows-1252.vmx': Buffer.concat([latin1('.encoding = "windows-1252"\r\ndisplayName = "Caf'), Buffer.from([0xe9]), latin1('"\r\nnumvcpus = "1"\r\n')]),
    'utf8-declared-latin1-bytes.vmx': Buffer.concat([latin1('.encoding = "UTF-8"\ndisplayName = "Caf'), Buffer.from([0xe9]), latin1('"\n')]),
    'gbk.vmx': Buffer.concat([latin1('# 中文\n.encoding = "GBK"\ndisplayName = "'), iconv.encode('中文虚拟机', 'gbk'), latin1('"\n')]),
    'shift_jis.vmx': Buffer.concat([latin1('.encoding = "Shift_JIS"\ndisplayName = "'), iconv.encode('仮想マシン', 'Shift_JIS'), latin1('"\nnumvcpus = "1"\nnumvcpus = "2"\n')]),
    'bom-crlf.vmx': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('.encoding = "UTF-8"\r\ndisplayName = “Café”\r\nnumvcpus = "1"\r\nnumvcpus = "2"', 'utf8')]),
  };
}

/** Writes the byte fixtures into a fresh temporary directory and returns their paths. */
export function writeByteFixtures(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-'))): { dir: string; files: string[] } {
  const files: string[] = [];
  for (const [name, bytes] of Object.entries(byteFixtures())) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    files.push(file);
  }
  return { dir, files };
}

/** Every .vmx/.vmtx under examples/ (recursively), if the folder exists. */
export function exampleFiles(): string[] {
  const root = repoPath('examples');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(vmx|vmtx)$/i.test(entry.name)) out.push(full);
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out;
}

/**
 * The text an editor shows for a file's bytes, decoded independently of the
 * core: BOM → UTF-8, else the `.encoding` declaration, else UTF-8; BOM removed.
 */
export function editorText(bytes: Buffer): string {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const declared = /^[ \t]*\.encoding[ \t]*=[ \t]*"([^"]*)"/im.exec(bytes.toString('latin1'))?.[1];
  const encoding = !hasBom && declared && iconv.encodingExists(declared) ? declared : 'utf8';
  const text = encoding === 'utf8' ? new TextDecoder('utf-8').decode(bytes) : iconv.decode(bytes, encoding);
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
