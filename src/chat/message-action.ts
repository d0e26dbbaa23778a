// What the Send / Cancel buttons of a message preview carry (issue 11): `m1.<org>.<message>`, decimal
// ids. A message to a customer may have no case (a pre-due courtesy reminder), so it is not an
// ActionPayload (./action-payload.ts), which names a case. It only names the message: the server
// re-reads it in the clicker's org and re-checks who may send. The decoder never throws.

export interface MessageAction { v: 1; org: number; msg: number }

const MAX_ID = 2_147_483_647;
const isId = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_ID;

export function encodeMessageAction(p: MessageAction): string {
  if (p.v !== 1 || !isId(p.org) || !isId(p.msg)) throw new RangeError('invalid message action');
  return `m1.${p.org}.${p.msg}`;
}

const M1 = /^m1\.([1-9]\d{0,9})\.([1-9]\d{0,9})$/;

/** The message a button names, or null for anything we never issued. Never throws. */
export function decodeMessageAction(s: unknown): MessageAction | null {
  if (typeof s !== 'string' || s.length > 40) return null;
  const m = M1.exec(s);
  if (!m) return null;
  const org = Number(m[1]);
  const msg = Number(m[2]);
  return isId(org) && isId(msg) ? { v: 1, org, msg } : null;
}
