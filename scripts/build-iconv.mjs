// iconv-lite's encoding names, taken at build time for the bundles that
// check `.encoding` declarations without loading iconv-lite: the browser
// server (scripts/build-web.mjs) and the node language server
// (scripts/build.mjs). Inlined as __VMX_CPUID_ICONV_NAMES__ and read by
// server/src/browser/iconvLite.ts, so that every server reports the same
// `unknown-encoding` problems as iconv-lite's own encodingExists.
import { createRequire } from 'node:module';

export const ICONV_NAMES_DEFINE = '__VMX_CPUID_ICONV_NAMES__';

export function iconvEncodingNames() {
  const iconv = createRequire(import.meta.url)('iconv-lite');
  iconv.encodingExists('utf8'); // loads the encodings table
  // Canonical names are lower-case letters and digits (iconv-lite strips everything else).
  const names = Object.keys(iconv.encodings).filter((name) => /^[0-9a-z]+$/.test(name)).sort();
  const broken = names.filter((name) => !iconv.encodingExists(name));
  if (broken.length > 0) throw new Error(`iconv-lite lists encodings it cannot load: ${broken.join(', ')}`);
  if (!names.includes('utf8') || !names.includes('windows1252')) throw new Error('iconv-lite encoding list: utf8 or windows1252 missing');
  return names;
}
