// The aging scan over a large ledger beside the bare SQL: a plain select of the open overdue
// invoices with their level by the default thresholds (no overrides, no "already alerted" check,
// nothing written). Measured twice: the first scan of the ledger, which records an alert for
// every invoice already past a threshold (and opens their cases), and the steady-state rescan
// (the hourly job), which finds nothing new.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../../src/store/connection.js';
import { dateIn } from '../../src/domain/calendar.js';
import { agingScan } from '../../src/services/alerts/aging-scan.js';

export interface AgingScanBenchResult {
  invoices: number;
  raised: number;
  firstScanMs: number;
  rescanMs: number;
  bareMs: number;
  /** Steady-state rescan ÷ bare SQL. */
  ratio: number;
}

async function bare(db: Db, orgId: number, asOf: string) {
  return sql`
    select id, case when ${asOf}::date - due_on >= 91 then 'red' when ${asOf}::date - due_on >= 61 then 'orange' else 'yellow' end as level
    from invoices
    where org_id = ${orgId} and status = 'open' and amount_minor > paid_minor and due_on <= ${asOf}::date - 31`.execute(db);
}

export async function benchAgingScan(db: Db, orgId: number, opts: { asOf?: string; runs?: number } = {}): Promise<AgingScanBenchResult> {
  const org = await db.selectFrom('orgs').select('timezone').where('id', '=', orgId).executeTakeFirstOrThrow();
  const asOf = opts.asOf ?? dateIn(org.timezone);
  const count = await db.selectFrom('invoices').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  await bare(db, orgId, asOf);   // warm the cache on the same pages

  let t = performance.now();
  const first = await agingScan(db, orgId, { asOf });
  const firstScanMs = performance.now() - t;

  const runs = opts.runs ?? 3;
  const rescans: number[] = [];
  const bares: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    await agingScan(db, orgId, { asOf });
    rescans.push(performance.now() - t);
    t = performance.now();
    await bare(db, orgId, asOf);
    bares.push(performance.now() - t);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rescanMs = median(rescans);
  const bareMs = median(bares);
  return { invoices: Number(count.n), raised: first.raised, firstScanMs, rescanMs, bareMs, ratio: rescanMs / bareMs };
}
