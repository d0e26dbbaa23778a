// Customers are named by code or an unambiguous name prefix; invoices by number (DESIGN.md).
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { Customer, Invoice } from '../../store/schema.js';

const MAX_MATCHES = 10;

function likePrefix(ref: string): string {
  return `${ref.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface Lookup<T> {
  kind: 'customer' | 'invoice';
  /** The exact spelling (uses the unique index). */
  exact: () => Promise<T | undefined>;
  /** The same key, case-insensitively (codes that differ only by case are ambiguous). */
  folded: () => Promise<T[]>;
  /** A case-insensitive prefix, at most MAX_MATCHES + 1 rows. */
  prefix: () => Promise<T[]>;
  /** Among several prefix matches, the one named in full wins ("ACME" is not ambiguous with "ACME Trading"). */
  named?: (row: T) => boolean;
  match: (row: T) => Record<string, string>;
}

async function lookup<T>(ref: string, l: Lookup<T>): Promise<T> {
  const s = ref.trim();
  if (!s) throw new DuebotError('invalid', `name a ${l.kind}`, { field: l.kind });
  const exact = await l.exact();
  if (exact) return exact;
  let rows = await l.folded();
  if (rows.length === 0) {
    rows = await l.prefix();
    const named = l.named ? rows.filter(l.named) : [];
    if (rows.length > 1 && named.length === 1) return named[0]!;
  }
  if (rows.length === 1) return rows[0]!;
  if (rows.length === 0) throw new DuebotError('not_found', `no ${l.kind} matches "${s}"`, { kind: l.kind, ref: s });
  throw new DuebotError('ambiguous', `"${s}" matches several ${l.kind}s`, {
    kind: l.kind, ref: s, matches: rows.slice(0, MAX_MATCHES).map(l.match), more: rows.length > MAX_MATCHES,
  });
}

/**
 * Exact code (case-insensitive), else an unambiguous name prefix (case-insensitive; Chinese names
 * too). Several matches → 'ambiguous' with up to 10 of them as {code, name}; none → 'not_found'.
 */
export function findCustomer(db: Db, orgId: number, ref: string): Promise<Customer> {
  const s = ref.trim();
  const customers = () => db.selectFrom('customers').selectAll().where('org_id', '=', orgId);
  return lookup(s, {
    kind: 'customer',
    exact: () => customers().where('code', '=', s).executeTakeFirst(),
    folded: () => customers().where((eb) => eb(eb.fn('lower', ['code']), '=', s.toLowerCase())).limit(MAX_MATCHES + 1).execute(),
    prefix: () => customers().where((eb) => eb(eb.fn('lower', ['name']), 'like', likePrefix(s)))
      .orderBy('name').orderBy('id').limit(MAX_MATCHES + 1).execute(),
    named: (c) => c.name.toLowerCase() === s.toLowerCase(),
    match: (c) => ({ code: c.code, name: c.name }),
  });
}

/** Exact invoice number (case-insensitive), else an unambiguous number prefix. */
export function findInvoice(db: Db, orgId: number, ref: string): Promise<Invoice> {
  const s = ref.trim();
  const invoices = () => db.selectFrom('invoices').selectAll().where('org_id', '=', orgId);
  return lookup(s, {
    kind: 'invoice',
    exact: () => invoices().where('number', '=', s).executeTakeFirst(),
    folded: () => invoices().where((eb) => eb(eb.fn('lower', ['number']), '=', s.toLowerCase())).limit(MAX_MATCHES + 1).execute(),
    prefix: () => invoices().where((eb) => eb(eb.fn('lower', ['number']), 'like', likePrefix(s)))
      .orderBy('number').limit(MAX_MATCHES + 1).execute(),
    match: (i) => ({ number: i.number }),
  });
}
