/**
 * Stand-in for `iconv-lite` in the browser bundles (esbuild alias in
 * scripts/build-web.mjs). iconv-lite needs Node's `Buffer`, which a web
 * worker lacks. The language server only asks whether a `.encoding`
 * declaration names a known encoding (rule `unknown-encoding`): answered from
 * iconv-lite's own list of names, taken at build time, so the browser and
 * node servers agree. Byte decoding (the CLI's job) uses the platform's
 * TextDecoder where it knows the encoding, else fails clearly.
 */
declare const __VMX_CPUID_ICONV_NAMES__: readonly string[];

const NAMES: ReadonlySet<string> = new Set(typeof __VMX_CPUID_ICONV_NAMES__ !== 'undefined' ? __VMX_CPUID_ICONV_NAMES__ : []);

/** iconv-lite's canonicalisation: lower case, only letters and digits, no ":1234" suffix. */
function canonical(name: string): string {
  return `${name}`.toLowerCase().replace(/:\d{4}$|[^0-9a-z]/g, '');
}

export function encodingExists(name: string): boolean {
  return NAMES.has(canonical(name));
}

export function decode(bytes: Uint8Array, encoding: string): string {
  try {
    return new TextDecoder(encoding).decode(bytes);
  } catch {
    throw new Error(`the encoding "${encoding}" cannot be decoded in the browser`);
  }
}

export default { encodingExists, decode };
