// Shared by the import tests: fixture paths, an org with users and customers, table counts.
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Db } from '../../../src/store/connection.js';
import { addOrg } from '../../../src/services/orgs.js';
import { importFile, type ImportKind } from '../../../src/services/import/index.js';

export const fixture = (name: string) => path.resolve(import.meta.dirname, '../../fixtures/import', name);

/** CSV text as the input stream of an import. */
export const csv = (text: string) => Readable.from([Buffer.from(text)]);

/** Creates the org `slug` (CNY) and imports users.csv and customers.csv into it. */
export async function orgWithCustomers(db: Db, slug: string): Promise<number> {
  const { org } = await addOrg(db, { slug, currency: 'CNY', timezone: 'Asia/Shanghai' });
  for (const kind of ['users', 'customers'] as const) {
    const r = await importFile(db, { orgId: org.id, kind, input: fixture(`${kind}.csv`) });
    expect(r.errors).toEqual([]);
  }
  return org.id;
}

export async function importOk(db: Db, orgId: number, kind: ImportKind, input: string | NodeJS.ReadableStream) {
  const r = await importFile(db, { orgId, kind, input });
  expect(r.errors).toEqual([]);
  expect(r.ok).toBe(true);
  return r;
}

const TABLES = ['users', 'chat_identities', 'customers', 'invoices', 'payments', 'audit_log', 'case_events'] as const;

/** Row counts of the tables an import writes (all orgs): equal before and after means nothing was written. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const { rows } = await sql<{ n: bigint }>`select count(*) as n from ${sql.table(t)}`.execute(db);
    out[t] = Number(rows[0]!.n);
  }
  return out;
}

/** Everything in the tables an import writes, to compare before and after. */
export async function snapshot(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const t of TABLES) {
    const { rows } = await sql`select * from ${sql.table(t)} order by id`.execute(db);
    parts.push(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  return parts.join('\n');
}
