/**
 * The normative table: what each flag means for the guest, for power-on on
 * the source host and for vMotion to a target host (s = source bit,
 * t = target bit). docs/DIAGNOSTICS.md shows the same table; this code is
 * the one place that decides.
 *
 * | flag  | guest sees | power-on on source               | vMotion to target                                            |
 * |-------|------------|----------------------------------|--------------------------------------------------------------|
 * | -     | s          | —                                | guest-visible 1 needs t = 1; without EVC user-level needs t = s |
 * | 0     | 0          | —                                | —                                                            |
 * | 1     | 1          | s = 0: guest may fault (error)   | t = 0: error                                                 |
 * | h     | s          | —                                | guest-visible 1 needs t = 1                                  |
 * | H     | s          | —                                | t = s (vSphere API)                                          |
 * | R     | 0          | —                                | t = s (vSphere API)                                          |
 * | T / F | s          | s must be 1 / 0                  | t must be 1 / 0                                              |
 * | x / X | s          | —                                | —                                                            |
 */
import type { BitState } from '../profiles/profile';

export type PowerOnVerdict = { readonly kind: 'fault' | 'block'; readonly why: 'forced-missing' | 'requires-present' | 'requires-absent' };

export type VmotionVerdict = {
  readonly why: 'target-lacks' | 'must-match' | 'no-evc-mismatch' | 'requires-present' | 'requires-absent';
};

export interface FlagContext {
  /** vMotion under EVC: extra or missing user-level features on the target are tolerated when hidden. */
  readonly evc: boolean;
  /** The bit is a user-level instruction feature (vSphere's exact-match rule without EVC). */
  readonly userLevel: boolean;
}

export function guestSees(flag: string, s: BitState): BitState {
  switch (flag) {
    case '0':
    case 'R':
      return 0;
    case '1':
      return 1;
    default:
      return s;
  }
}

export function powerOn(flag: string, s: BitState): PowerOnVerdict | undefined {
  if (flag === '1' && s === 0) return { kind: 'fault', why: 'forced-missing' };
  if (flag === 'T' && s === 0) return { kind: 'block', why: 'requires-present' };
  if (flag === 'F' && s === 1) return { kind: 'block', why: 'requires-absent' };
  return undefined;
}

export function vmotion(flag: string, s: BitState, t: BitState, ctx: FlagContext): VmotionVerdict | undefined {
  const guest = guestSees(flag, s);
  switch (flag) {
    case '-':
      if (guest === 1 && t === 0) return { why: 'target-lacks' };
      if (!ctx.evc && ctx.userLevel && s !== undefined && t !== undefined && s !== t) return { why: 'no-evc-mismatch' };
      return undefined;
    case '1':
    case 'h':
      return guest === 1 && t === 0 ? { why: 'target-lacks' } : undefined;
    case 'H':
    case 'R':
      return s !== undefined && t !== undefined && s !== t ? { why: 'must-match' } : undefined;
    case 'T':
      return t === 0 ? { why: 'requires-present' } : undefined;
    case 'F':
      return t === 1 ? { why: 'requires-absent' } : undefined;
    default:
      return undefined;
  }
}
