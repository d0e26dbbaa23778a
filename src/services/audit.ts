// Re-checks the collection records' hash chain (001: tamper-evident evidence chain).
// Each digest is recomputed HERE, in Node, from the stored columns: the database's own
// collection_record_digest() can be replaced by whoever owns the table, so it proves nothing.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../store/connection.js';

export interface ChainProblem {
  id: number; seq: string;
  reason: 'hash_mismatch' | 'broken_link' | 'missing_seq' | 'head_mismatch' | 'head_missing' | 'unknown_head';
}
export interface ChainVerdict { ok: boolean; checked: number; firstBad?: ChainProblem }

const GENESIS = '0'.repeat(64);

export interface ChainedRecord {
  org_id: number; seq: bigint; case_id: number; customer_id: number; author_user_id: number | null; method: string;
  outcome: string | null; body: string; next_action_on: string | null; corrects_id: number | null; recorded_at: Date; prev_hash: string;
}

/**
 * The digest migration 0001 defines (collection_record_digest): SHA-256 of the fields joined by
 * U+001F, empty for a null, the time as UTC ISO-8601 with milliseconds, then the previous hash.
 */
export function recordDigest(r: ChainedRecord): string {
  const fields = [
    String(r.org_id), r.seq.toString(), String(r.case_id), String(r.customer_id),
    r.author_user_id === null ? '' : String(r.author_user_id), r.method, r.outcome ?? '', r.body,
    r.next_action_on ?? '', r.corrects_id === null ? '' : String(r.corrects_id),
    r.recorded_at.toISOString(), r.prev_hash,
  ];
  return createHash('sha256').update(fields.join('\x1f'), 'utf8').digest('hex');
}

export interface VerifyOptions {
  pageSize?: number;
  /** A chain head hash kept outside the database (the daily post): it must be a record of this chain. */
  against?: string;
}

/**
 * Recomputes every record's digest in order and checks each links to the one before, then that
 * the heads row agrees with the last record (a missing heads row fails when there are records).
 * Streams through the database in pages, so it runs in constant memory.
 */
export async function verifyRecordChain(db: Db, orgId: number, opts: VerifyOptions | number = {}): Promise<ChainVerdict> {
  const o = typeof opts === 'number' ? { pageSize: opts } : opts;
  const pageSize = o.pageSize ?? 5000;
  const against = o.against?.trim().toLowerCase();
  let prevHash = GENESIS;
  let prevSeq = 0n;
  let checked = 0;
  let againstFound = against === GENESIS;
  for (;;) {
    const { rows } = await sql<ChainedRecord & { id: number; hash: string }>`
      select r.id, r.org_id, r.seq, r.case_id, r.customer_id, r.author_user_id, r.method, r.outcome, r.body,
        r.next_action_on, r.corrects_id, r.recorded_at, r.prev_hash, r.hash
      from collection_records r where r.org_id = ${orgId} and r.seq > ${prevSeq}
      order by r.seq limit ${pageSize}`.execute(db);
    if (rows.length === 0) break;
    for (const r of rows) {
      const at = { id: r.id, seq: r.seq.toString() };
      if (r.seq !== prevSeq + 1n) return { ok: false, checked, firstBad: { ...at, reason: 'missing_seq' } };
      if (r.prev_hash !== prevHash) return { ok: false, checked, firstBad: { ...at, reason: 'broken_link' } };
      if (recordDigest(r) !== r.hash) return { ok: false, checked, firstBad: { ...at, reason: 'hash_mismatch' } };
      if (r.hash === against) againstFound = true;
      prevHash = r.hash;
      prevSeq = r.seq;
      checked++;
    }
  }
  const next = { id: 0, seq: (prevSeq + 1n).toString() };
  const head = await db.selectFrom('record_chain_heads').select(['seq', 'hash']).where('org_id', '=', orgId).executeTakeFirst();
  // Without its heads row, records cut from the end of a chain would leave no trace.
  if (!head && checked > 0) return { ok: false, checked, firstBad: { ...next, reason: 'head_missing' } };
  if (head && (head.seq !== prevSeq || head.hash !== prevHash)) {
    // Records removed from the end of the chain.
    return { ok: false, checked, firstBad: { ...next, reason: 'head_mismatch' } };
  }
  // A head posted earlier must still be in the chain: otherwise the chain was rewritten since.
  if (against !== undefined && !againstFound) return { ok: false, checked, firstBad: { ...next, reason: 'unknown_head' } };
  return { ok: true, checked };
}

/** The org's chain head as stored (record count and hash): what the daily post copies out of the database. */
export async function chainHead(db: Db, orgId: number): Promise<{ seq: string; hash: string }> {
  const head = await db.selectFrom('record_chain_heads').select(['seq', 'hash']).where('org_id', '=', orgId).executeTakeFirst();
  return head ? { seq: head.seq.toString(), hash: head.hash } : { seq: '0', hash: GENESIS };
}
