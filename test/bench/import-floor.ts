// The floors the invoice import is held to (issue 9, "Import floor made fair"):
// - bare: COPY of the same CSV file into a plain table (no keys, nothing checked);
// - fair: COPY of the same rows, in the invoices table's own shape, into a scratch table made
//   LIKE invoices INCLUDING ALL (primary key, unique (org_id, number), the partial and customer
//   indexes, the checks, identity and defaults) plus its foreign keys. That is what the database
//   must do at least to hold the rows; the import adds parsing, checks and the upsert on top.
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** The invoice columns an import writes (the rest take their defaults). */
const COLUMNS = 'org_id, customer_id, number, product_line, region, currency, amount_minor, issued_on, due_on';

export async function bareCopyMs(pool: pg.Pool, csvFile: string): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query(`create table bench_copy_floor (number text, customer_code text, amount numeric(18,2), currency char(3),
      issued_on date, due_on date, product_line text, region text)`);
    const t = performance.now();
    await pipeline(createReadStream(csvFile), client.query(copyFrom('copy bench_copy_floor from stdin with (format csv, header true)')));
    const ms = performance.now() - t;
    await client.query('drop table bench_copy_floor');
    return ms;
  } finally {
    client.release();
  }
}

/**
 * The fair floor: the org's invoices as the import left them are copied out (not timed), then
 * COPY'd (timed) into a scratch table with the invoices table's keys, indexes, checks and foreign
 * keys. Call it after the import, so the rows are exactly the file's.
 */
export async function fairCopyMs(pool: pg.Pool, orgId: number, workDir: string): Promise<number> {
  const client = await pool.connect();
  const file = path.join(workDir, 'fair-floor.copy');
  try {
    await pipeline(client.query(copyTo(`copy (select ${COLUMNS} from invoices where org_id = ${Number(orgId)} order by id) to stdout`)),
      createWriteStream(file));
    await client.query('drop table if exists bench_fair_floor');
    await client.query(`create table bench_fair_floor (like invoices including all);
      alter table bench_fair_floor add foreign key (org_id) references orgs(id) on delete cascade,
        add foreign key (customer_id) references customers(id),
        add foreign key (dispute_requested_by) references users(id)`);
    await checkpoint(client);
    const t = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom(`copy bench_fair_floor (${COLUMNS}) from stdin`)));
    const ms = performance.now() - t;
    await client.query('drop table bench_fair_floor');
    return ms;
  } finally {
    client.release();
    await rm(file, { force: true });
  }
}

/** Flushes dirty pages, so a timing does not pay for the writes before it (needs pg_checkpoint). */
export async function checkpoint(client: pg.PoolClient | pg.Pool): Promise<void> {
  await client.query('checkpoint').catch(() => {});
}
