// A real deadlock through runCommand (issue 14): two commands lock the same two cases in opposite
// orders; PostgreSQL ends one (40P01), runCommand runs it again, and both changes land exactly once.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/services/cases/case-command.js';
import { testDatabase } from '../../support/db.js';
import { addCustomer, seedOrg, TODAY } from './fixtures.js';

const t = testDatabase();

/** A promise with its resolve, to make two transactions meet at a point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => { open = r; });
  return { open, opened };
}

describe('runCommand and a real deadlock', () => {
  it('retries the transaction PostgreSQL ends as a deadlock victim; each change is made once', async () => {
    const org = await seedOrg(t.db);
    const ids: number[] = [];
    for (const code of ['DL-A', 'DL-B']) {
      const c = await addCustomer(t.db, org.orgId, { code, invoices: [] });
      ids.push((await t.db.insertInto('cases').values({ org_id: org.orgId, customer_id: c.id }).returning('id').executeTakeFirstOrThrow()).id);
    }
    const [a, b] = ids as [number, number];
    const aLocked = gate();
    const bLocked = gate();
    const attempts: string[] = [];
    const errors: string[] = [];

    /** Locks `first`, waits (on its first attempt) until the other holds its row, then locks `second`. */
    const command = (name: string, first: number, second: number, mine: ReturnType<typeof gate>, theirs: ReturnType<typeof gate>) =>
      runCommand(t.db, org.manager, `test.${name}`, { today: TODAY, idempotencyKey: name }, async (ctx) => {
        attempts.push(name);
        const firstTry = attempts.filter((x) => x === name).length === 1;
        await ctx.trx.updateTable('cases').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', first).execute();
        if (firstTry) { mine.open(); await theirs.opened; }
        try {
          await ctx.trx.updateTable('cases').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', second).execute();
        } catch (e) {
          errors.push((e as { code?: string }).code ?? 'none');
          throw e;
        }
        return { done: name };
      });

    const [one, two] = await Promise.all([command('one', a, b, aLocked, bLocked), command('two', b, a, bLocked, aLocked)]);
    expect([one, two]).toEqual([{ done: 'one' }, { done: 'two' }]);
    // One of them was the victim (40P01) and ran a second time; the other ran once.
    expect(errors).toEqual(['40P01']);
    expect(attempts).toHaveLength(3);
    // Each command added 1 to both cases, once: the victim's first attempt rolled back whole.
    const versions = await t.db.selectFrom('cases').select(['id', 'version']).where('id', 'in', ids).orderBy('id').execute();
    expect(versions.map((v) => v.version)).toEqual([3, 3]);
    const receipts = await t.db.selectFrom('action_receipts').select('key').where('org_id', '=', org.orgId).orderBy('key').execute();
    expect(receipts.map((r) => r.key)).toEqual(['test.one:one', 'test.two:two']);
  });
});
