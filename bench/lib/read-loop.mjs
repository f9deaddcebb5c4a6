// The baseline of `vmx-cpuid check <dir>`: a bare Node loop that walks the
// same directory the same way (sorted readdir, *.vmx / *.vmtx) and reads and
// UTF-8-decodes every file, nothing else. Prints the file count and bytes.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const VMX_FILE = /\.(vmx|vmtx)$/i;
let files = 0;
let chars = 0;

async function walk(dir) {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full);
    else if (entry.isFile() && VMX_FILE.test(entry.name)) {
      const bytes = await fs.readFile(full);
      chars += bytes.toString('utf8').length;
      files++;
    }
  }
}

await walk(process.argv[2]);
process.stdout.write(`${files} files, ${chars} chars\n`);
