// What the Accept / Keep buttons of the monthly re-rating post carry (issue 10):
// `g1.<org>.<customer>.<suggestion>`, decimal ids. A customer to re-rate often has no case, so this
// is not an ActionPayload (./action-payload.ts), which names a case: it is keyed by the customer and
// the suggestion made for it. The server re-reads both in the clicker's org, re-checks the role,
// and — as a case's `ver` does for a card — refuses a suggestion whose "from" grade is no longer the
// customer's (services/credit/decide-rerating.ts). The decoder never throws.

export interface ReratingAction { v: 1; org: number; customer: number; suggestion: number }

const MAX_ID = 2_147_483_647;
const isId = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_ID;

export function encodeReratingAction(p: ReratingAction): string {
  if (p.v !== 1 || !isId(p.org) || !isId(p.customer) || !isId(p.suggestion)) throw new RangeError('invalid re-rating action');
  return `g1.${p.org}.${p.customer}.${p.suggestion}`;
}

const G1 = /^g1\.([1-9]\d{0,9})\.([1-9]\d{0,9})\.([1-9]\d{0,9})$/;

/** The customer and suggestion a button names, or null for anything we never issued. Never throws. */
export function decodeReratingAction(s: unknown): ReratingAction | null {
  if (typeof s !== 'string' || s.length > 40) return null;
  const m = G1.exec(s);
  if (!m) return null;
  const [org, customer, suggestion] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isId(org) && isId(customer) && isId(suggestion) ? { v: 1, org, customer, suggestion } : null;
}
