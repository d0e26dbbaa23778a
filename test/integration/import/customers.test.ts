import { beforeAll, describe, expect, it } from 'vitest';
import { addOrg } from '../../../src/services/orgs.js';
import { importFile } from '../../../src/services/import/index.js';
import { testDatabase } from '../../support/db.js';
import { csv, fixture, importOk, snapshot } from './import-fixtures.js';

const t = testDatabase();
let orgId: number;

beforeAll(async () => {
  orgId = (await addOrg(t.db, { slug: 'acme', currency: 'CNY' })).org.id;
  await importOk(t.db, orgId, 'users', fixture('users.csv'));
});

const customer = (code: string) => t.db.selectFrom('customers').leftJoin('users', 'users.id', 'customers.owner_user_id')
  .select(['customers.credit_grade', 'customers.credit_limit_minor', 'customers.payment_terms_days', 'customers.industry',
    'customers.region', 'customers.grade_refreshed_on', 'users.email as owner'])
  .where('customers.org_id', '=', orgId).where('code', '=', code).executeTakeFirstOrThrow();

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the first import creates the customers that the re-import leaves alone and the next file changes.
describe('importing customers', { shuffle: false }, () => {
  it('creates customers with their owner found by email, in any case', async () => {
    const r = await importOk(t.db, orgId, 'customers', fixture('customers.csv'));
    expect(r).toMatchObject({ rows: 3, inserted: 3, updated: 0, unchanged: 0 });
    expect(await customer('HZ001')).toMatchObject({ credit_grade: 'A', credit_limit_minor: 50000000n, payment_terms_days: 30,
      industry: 'construction', region: 'east', owner: 'li.wei@acme.cn' });
    expect(await customer('SH002')).toMatchObject({ owner: 'Wang.Fang@acme.cn', region: null });
    expect(await customer('BJ003')).toMatchObject({ credit_limit_minor: 0n, owner: null, industry: null });
    expect((await customer('BJ003')).grade_refreshed_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await snapshot(t.db);
    const r = await importOk(t.db, orgId, 'customers', fixture('customers.csv'));
    expect(r).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect((await snapshot(t.db)).split('\n').slice(0, 5)).toEqual(before.split('\n').slice(0, 5));
  });

  it('updates a changed grade and limit', async () => {
    await t.db.updateTable('customers').set({ grade_refreshed_on: '2020-01-01' }).where('org_id', '=', orgId).execute();
    const r = await importOk(t.db, orgId, 'customers', csv(
      'code,name,credit_grade,credit_limit,payment_terms_days\nBJ003,Beijing Retail,D,10,45\nHZ001,Hangzhou Steel,A,500000.00,30\n'));
    expect(r).toMatchObject({ inserted: 0, updated: 2, unchanged: 0 });   // HZ001 loses industry, region and owner: the file is the truth
    expect(await customer('BJ003')).toMatchObject({ credit_grade: 'D', credit_limit_minor: 1000n });
    expect((await customer('BJ003')).grade_refreshed_on).not.toBe('2020-01-01');
    expect((await customer('HZ001')).grade_refreshed_on).toBe('2020-01-01');   // same grade: not a re-rating
  });

  it('reads quoted cells with commas, quotes and Chinese text', async () => {
    const r = await importOk(t.db, orgId, 'customers', csv(
      'code,name,credit_grade,credit_limit,payment_terms_days,industry\nGZ004,"广州""南方""贸易, 有限公司",B,100,30,外贸\n'));
    expect(r).toMatchObject({ inserted: 1 });
    const c = await t.db.selectFrom('customers').select(['name', 'industry']).where('org_id', '=', orgId).where('code', '=', 'GZ004')
      .executeTakeFirstOrThrow();
    expect(c).toEqual({ name: '广州"南方"贸易, 有限公司', industry: '外贸' });
  });

  it('refuses unknown owners and repeated codes, and writes nothing', async () => {
    const before = await snapshot(t.db);
    const r = await importFile(t.db, { orgId, kind: 'customers', input: csv([
      'code,name,credit_grade,credit_limit,payment_terms_days,owner_email',
      'N1,New One,A,100,30,nobody@acme.cn',
      'N2,New Two,B,100.001,30,',
      'N1,New One again,A,100,30,',
    ].join('\n')) });
    expect(r.errors).toEqual([
      { line: 2, column: 'owner_email', message: 'unknown user nobody@acme.cn: import users first' },
      { line: 3, column: 'credit_limit', message: 'at most 2 decimals for CNY' },
      { line: 4, column: 'code', message: 'duplicate customer code N1: first on line 2' },
    ]);
    expect(r.errorCount).toBe(3);
    expect(await snapshot(t.db)).toBe(before);
  });
});
