// What the "Send a remediation plan" button of a flagged target carries (issue 10): `t1.<org>.<flag>`,
// decimal ids. A target has no case, so it is not an ActionPayload (./action-payload.ts). It only
// names the flag: the server re-reads it in the clicker's org and re-checks who may answer
// (services/targets/record-remediation-plan.ts). The decoder never throws.

export interface TargetFlagAction { v: 1; org: number; flag: number }

const MAX_ID = 2_147_483_647;
const isId = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_ID;

export function encodeTargetFlagAction(p: TargetFlagAction): string {
  if (p.v !== 1 || !isId(p.org) || !isId(p.flag)) throw new RangeError('invalid target flag action');
  return `t1.${p.org}.${p.flag}`;
}

const T1 = /^t1\.([1-9]\d{0,9})\.([1-9]\d{0,9})$/;

/** The flag a button names, or null for anything we never issued. Never throws. */
export function decodeTargetFlagAction(s: unknown): TargetFlagAction | null {
  if (typeof s !== 'string' || s.length > 40) return null;
  const m = T1.exec(s);
  if (!m) return null;
  const org = Number(m[1]);
  const flag = Number(m[2]);
  return isId(org) && isId(flag) ? { v: 1, org, flag } : null;
}
