/** The options that choose hosts, shared by `check` and `diff`: --config, --source, --target…, --evc/--no-evc. */
import type { CliOverrides } from '../../server/src/node/configFiles';

export const HOST_OPTIONS = {
  config: { type: 'string', short: 'c' },
  source: { type: 'string', short: 's' },
  target: { type: 'string', short: 't', multiple: true },
  evc: { type: 'boolean' },
  'no-evc': { type: 'boolean' },
} as const;

export interface HostOptionValues {
  readonly config?: string | undefined;
  readonly source?: string | undefined;
  readonly target?: string[] | undefined;
  readonly evc?: boolean | undefined;
  readonly 'no-evc'?: boolean | undefined;
}

/** The overrides for configFor, or a usage message when the options contradict each other. */
export function hostOverrides(v: HostOptionValues): CliOverrides | string {
  if (v.evc && v['no-evc']) return '--evc and --no-evc contradict each other';
  return {
    ...(v.config !== undefined ? { configPath: v.config } : {}),
    ...(v.source !== undefined ? { source: v.source } : {}),
    ...(v.target !== undefined ? { targets: v.target } : {}),
    ...(v.evc ? { evc: true } : v['no-evc'] ? { evc: false } : {}),
  };
}
