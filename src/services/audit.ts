// Re-checks the collection records' hash chain (001: tamper-evident evidence chain).
import { sql } from 'kysely';
import type { Db } from '../store/connection.js';

export interface ChainProblem { id: number; seq: string; reason: 'hash_mismatch' | 'broken_link' | 'missing_seq' | 'head_mismatch' }
export interface ChainVerdict { ok: boolean; checked: number; firstBad?: ChainProblem }

/**
 * Recomputes every record's digest in order and checks each links to the one before.
 * Streams through the database in pages, so it runs in constant memory.
 */
export async function verifyRecordChain(db: Db, orgId: number, pageSize = 5000): Promise<ChainVerdict> {
  let prevHash = '0'.repeat(64);
  let prevSeq = 0n;
  let checked = 0;
  for (;;) {
    const { rows } = await sql<{ id: number; seq: bigint; hash: string; prev_hash: string; digest: string }>`
      select r.id, r.seq, r.hash, r.prev_hash, collection_record_digest(r) as digest
      from collection_records r where r.org_id = ${orgId} and r.seq > ${prevSeq}
      order by r.seq limit ${pageSize}`.execute(db);
    if (rows.length === 0) break;
    for (const r of rows) {
      const at = { id: r.id, seq: r.seq.toString() };
      if (r.seq !== prevSeq + 1n) return { ok: false, checked, firstBad: { ...at, reason: 'missing_seq' } };
      if (r.prev_hash !== prevHash) return { ok: false, checked, firstBad: { ...at, reason: 'broken_link' } };
      if (r.digest !== r.hash) return { ok: false, checked, firstBad: { ...at, reason: 'hash_mismatch' } };
      prevHash = r.hash;
      prevSeq = r.seq;
      checked++;
    }
  }
  const head = await db.selectFrom('record_chain_heads').select(['seq', 'hash']).where('org_id', '=', orgId).executeTakeFirst();
  if (head && (head.seq !== prevSeq || head.hash !== prevHash)) {
    // Records removed from the end of the chain.
    return { ok: false, checked, firstBad: { id: 0, seq: (prevSeq + 1n).toString(), reason: 'head_mismatch' } };
  }
  return { ok: true, checked };
}
