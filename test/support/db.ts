// A clean database per test file: a clone of the migrated template (CREATE DATABASE … TEMPLATE),
// dropped afterwards. Fast (a file copy) and fully real: triggers, constraints, concurrency.
import { inject, afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { connect, type Connection } from '../../src/store/connection.js';

let counter = 0;

export interface TestDatabase extends Connection { url: string; name: string }

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  // The run's pid (the template carries it) lets a later run drop what an interrupted one left.
  const name = `duebot_t_${inject('pgTemplate').slice('duebot_tpl_'.length)}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}" template ${inject('pgTemplate')}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const conn = connect(u.toString(), { max: 5 });
  return {
    ...conn, url: u.toString(), name,
    close: async () => {
      await conn.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

/** A clean database for the whole test file: `const t = testDatabase();` then `t.db` in tests. */
export function testDatabase(): TestDatabase {
  const ref: { current?: TestDatabase } = {};
  beforeAll(async () => { ref.current = await createTestDatabase(); });
  afterAll(async () => { await ref.current?.close(); });
  return new Proxy({} as TestDatabase, {
    get: (_t, prop) => {
      if (!ref.current) throw new Error('the test database is created in beforeAll: use it inside a test');
      return (ref.current as any)[prop];
    },
  });
}
