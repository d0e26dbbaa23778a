// A PostgreSQL restart (or a failover, or an administrator's pg_terminate_backend) ends every
// session. A pooled client checked out between two statements of a transaction gets the server's
// "terminating connection" as an 'error' event with no query to fail: without a listener that
// killed `duebot worker` and `serve` (found by the working-day harness, issue 9). Now the next
// statement fails, the transaction rolls back, the pool replaces the client, and the process lives.
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { connect } from '../../../src/store/connection.js';
import { testDatabase } from '../../support/db.js';

const t = testDatabase();

describe('the connection pool when the server ends a session', () => {
  it('turns a session ended between two statements into a failed transaction, not a crash', async () => {
    const conn = connect(t.url, { max: 2 });
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => { uncaught.push(e); };
    process.on('uncaughtException', onUncaught);
    try {
      const outcome = await conn.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        const [row] = rows;
        // Between two statements, the server ends this session (as a restart does).
        await admin.query('select pg_terminate_backend($1)', [row!.pid]);
        // The 'error' event arrives with no query running; give it the event loop turn it needs.
        await new Promise((r) => setImmediate(r));
        await sql`select 1`.execute(trx);
        return 'committed';
      }).catch((e: Error) => `failed: ${e.message}`);
      expect(outcome).toMatch(/^failed: /);
      expect(uncaught).toEqual([]);
      // The pool replaced the dead client: the next query works.
      expect((await sql<{ one: number }>`select 1 as one`.execute(conn.db)).rows[0]!.one).toBe(1);
    } finally {
      process.off('uncaughtException', onUncaught);
      await admin.end();
      await conn.close();
    }
  });
});
