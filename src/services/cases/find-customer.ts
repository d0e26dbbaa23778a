// Customers are named by code or an unambiguous name prefix; invoices by number (DESIGN.md).
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { Customer, Invoice } from '../../store/schema.js';

const MAX_MATCHES = 10;

function likePrefix(ref: string): string {
  return `${ref.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function cleanRef(ref: string, what: string): string {
  const s = ref.trim();
  if (!s) throw new DuebotError('invalid', `name a ${what}`, { field: what });
  return s;
}

/** One of several rows matched exactly (e.g. codes differing only by case): the exact spelling wins. */
function pickOne<T>(rows: T[], exact: (row: T) => boolean): T | undefined {
  if (rows.length === 1) return rows[0];
  const exactRows = rows.filter(exact);
  return exactRows.length === 1 ? exactRows[0] : undefined;
}

/**
 * Exact code (case-insensitive), else an unambiguous name prefix (case-insensitive; Chinese names
 * too). Several matches → 'ambiguous' with up to 10 of them; none → 'not_found'.
 */
export async function findCustomer(db: Db, orgId: number, ref: string): Promise<Customer> {
  const s = cleanRef(ref, 'customer');
  // The exact spelling uses the (org_id, code) index; the case-insensitive match is the fallback.
  const exactCode = await db.selectFrom('customers').selectAll().where('org_id', '=', orgId).where('code', '=', s).executeTakeFirst();
  if (exactCode) return exactCode;
  const byCode = await db.selectFrom('customers').selectAll()
    .where('org_id', '=', orgId).where((eb) => eb(eb.fn('lower', ['code']), '=', s.toLowerCase()))
    .limit(MAX_MATCHES + 1).execute();
  const code = pickOne(byCode, (c) => c.code === s);
  if (code) return code;
  const byName = byCode.length > 0 ? byCode : await db.selectFrom('customers').selectAll()
    .where('org_id', '=', orgId).where((eb) => eb(eb.fn('lower', ['name']), 'like', likePrefix(s)))
    .orderBy('name').orderBy('id').limit(MAX_MATCHES + 1).execute();
  // "ACME" names ACME, not ACME Trading, when both exist.
  const one = byCode.length > 0 ? undefined : pickOne(byName, (c) => c.name.toLowerCase() === s.toLowerCase());
  if (one) return one;
  if (byName.length === 0) throw new DuebotError('not_found', `no customer matches "${s}"`, { kind: 'customer', ref: s });
  throw new DuebotError('ambiguous', `"${s}" matches several customers`, {
    kind: 'customer', ref: s,
    matches: byName.slice(0, MAX_MATCHES).map((c) => ({ code: c.code, name: c.name })),
    more: byName.length > MAX_MATCHES,
  });
}

/** Exact invoice number (case-insensitive), else an unambiguous number prefix. */
export async function findInvoice(db: Db, orgId: number, ref: string): Promise<Invoice> {
  const s = cleanRef(ref, 'invoice');
  const exactNumber = await db.selectFrom('invoices').selectAll().where('org_id', '=', orgId).where('number', '=', s).executeTakeFirst();
  if (exactNumber) return exactNumber;
  const exact = await db.selectFrom('invoices').selectAll()
    .where('org_id', '=', orgId).where((eb) => eb(eb.fn('lower', ['number']), '=', s.toLowerCase()))
    .limit(MAX_MATCHES + 1).execute();
  const one = pickOne(exact, (i) => i.number === s);
  if (one) return one;
  const byPrefix = exact.length > 0 ? exact : await db.selectFrom('invoices').selectAll()
    .where('org_id', '=', orgId).where((eb) => eb(eb.fn('lower', ['number']), 'like', likePrefix(s)))
    .orderBy('number').limit(MAX_MATCHES + 1).execute();
  if (exact.length === 0 && byPrefix.length === 1) return byPrefix[0]!;
  if (byPrefix.length === 0) throw new DuebotError('not_found', `no invoice matches "${s}"`, { kind: 'invoice', ref: s });
  throw new DuebotError('ambiguous', `"${s}" matches several invoices`, {
    kind: 'invoice', ref: s,
    matches: byPrefix.slice(0, MAX_MATCHES).map((i) => ({ number: i.number })),
    more: byPrefix.length > MAX_MATCHES,
  });
}
