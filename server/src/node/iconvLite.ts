/**
 * Stand-in for `iconv-lite` in the node language server bundle
 * (dist/server.js; esbuild plugin in scripts/build.mjs). The server gets each
 * document's text from the editor: of iconv-lite it only asks whether a
 * `.encoding` declaration names a known encoding (rule `unknown-encoding`),
 * and iconv-lite answers that only after evaluating its whole encodings
 * table, at the first diagnostics. The answer comes instead from iconv-lite's
 * list of names taken at build time, with the browser stand-in's check (the
 * same names, the same canonicalisation). Decoding and encoding load the real
 * iconv-lite on first use; nothing in the server does today, so esbuild
 * leaves it out of the bundle.
 */
import type * as IconvLite from 'iconv-lite';

export { encodingExists } from '../browser/iconvLite';

let real: typeof IconvLite | undefined;

/** The real iconv-lite (the build resolves this one require to the package). */
function iconv(): typeof IconvLite {
  return (real ??= require('iconv-lite') as typeof IconvLite);
}

export const decode: typeof IconvLite.decode = (...args) => iconv().decode(...args);
export const encode: typeof IconvLite.encode = (...args) => iconv().encode(...args);
