// What a button carries. Cards stay in channels for months, so the value is versioned and every
// version ever issued stays decodable: `1.<org>.<case>.<ver>[.e<escalation>][.i<invoice>]`,
// decimal ids (a few dozen characters; Slack allows 2000 in a button value, Lark more).
// The payload only names things: the server re-reads the case and re-checks permissions, and
// `ver` lets it tell a click on an outdated card from a fresh one.

export interface ActionPayloadV1 {
  v: 1;
  org: number;
  case: number;
  /** cases.version when the card was rendered. */
  ver: number;
  /** escalation id (Approve / Reject). */
  esc?: number;
  /** invoice id (alerts, write-offs). */
  inv?: number;
}
export type ActionPayload = ActionPayloadV1;

// Ids are PostgreSQL `integer` columns; case versions start at 1; org and case ids are ≥ 1.
const MAX_ID = 2_147_483_647;
const isId = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_ID;

export function encodeAction(p: ActionPayload): string {
  if (p.v !== 1 || !isId(p.org) || !isId(p.case) || !isId(p.ver)) throw new RangeError('invalid action payload');
  if (p.esc !== undefined && !isId(p.esc)) throw new RangeError('invalid escalation id');
  if (p.inv !== undefined && !isId(p.inv)) throw new RangeError('invalid invoice id');
  let s = `1.${p.org}.${p.case}.${p.ver}`;
  if (p.esc !== undefined) s += `.e${p.esc}`;
  if (p.inv !== undefined) s += `.i${p.inv}`;
  return s;
}

const V1 = /^1\.([1-9]\d{0,9})\.([1-9]\d{0,9})\.([1-9]\d{0,9})(?:\.e([1-9]\d{0,9}))?(?:\.i([1-9]\d{0,9}))?$/;

/** The payload of a button value, or null for anything we never issued. Never throws. */
export function decodeAction(s: unknown): ActionPayload | null {
  if (typeof s !== 'string' || s.length > 100) return null;
  const m = V1.exec(s);
  if (!m) return null;
  const [org, kase, ver, esc, inv] = [m[1], m[2], m[3], m[4], m[5]].map((x) => (x === undefined ? undefined : Number(x)));
  if (!isId(org) || !isId(kase) || !isId(ver)) return null;
  if ((esc !== undefined && !isId(esc)) || (inv !== undefined && !isId(inv))) return null;
  const p: ActionPayload = { v: 1, org, case: kase, ver };
  if (esc !== undefined) p.esc = esc;
  if (inv !== undefined) p.inv = inv;
  return p;
}
