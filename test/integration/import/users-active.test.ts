// users.csv `active` column (issue 15): false marks a person who left; their open cases are offered
// to their managers; an empty cell changes nothing; true brings them back.
import { beforeAll, describe, expect, it } from 'vitest';
import { addOrg } from '../../../src/services/orgs.js';
import { importFile } from '../../../src/services/import/index.js';
import { testDatabase } from '../../support/db.js';
import { csv, importOk } from './import-fixtures.js';

const t = testDatabase();
let orgId: number;

const user = (email: string) => t.db.selectFrom('users').select(['id', 'active', 'deactivated_at']).where('org_id', '=', orgId)
  .where('email', '=', email).executeTakeFirstOrThrow();

beforeAll(async () => {
  orgId = (await addOrg(t.db, { slug: 'acme', timezone: 'Asia/Shanghai' })).org.id;
  await importOk(t.db, orgId, 'users', csv([
    'email,name,role,region',
    'li@acme.cn,Li Wei,sales,east',
    'boss.east@acme.cn,East Boss,manager,east',
    'boss.south@acme.cn,South Boss,manager,south',
  ].join('\n')));
  const li = await user('li@acme.cn');
  const c = await t.db.insertInto('customers').values({ org_id: orgId, code: 'C1', name: 'C1 Ltd', credit_grade: 'B', credit_limit_minor: 0n,
    payment_terms_days: 30, owner_user_id: li.id }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('cases').values({ org_id: orgId, customer_id: c.id, owner_user_id: li.id }).execute();
});

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — each import meets what the
// imports before it wrote (a second import of the same file changes nothing).
describe('importing users with an active column', { shuffle: false }, () => {
  it('refuses a value other than true or false', async () => {
    const r = await importFile(t.db, { orgId, kind: 'users', input: csv('email,name,role,active\nli@acme.cn,Li Wei,sales,maybe\n') });
    expect(r.errors).toEqual([{ line: 2, column: 'active', message: 'must be true or false' }]);
  });

  it('marks a person who left and offers their cases to the managers of their region', async () => {
    const r = await importOk(t.db, orgId, 'users', csv('email,name,role,region,active\nli@acme.cn,Li Wei,sales,east,false\n'));
    expect(r).toMatchObject({ inserted: 0, updated: 1 });
    const li = await user('li@acme.cn');
    expect(li.active).toBe(false);
    expect(li.deactivated_at).not.toBeNull();
    const offers = await t.db.selectFrom('reminders as r').innerJoin('users as u', 'u.id', 'r.user_id').select(['u.email', 'r.about_user_id'])
      .where('r.org_id', '=', orgId).where('r.kind', '=', 'owner_left').execute();
    expect(offers).toEqual([{ email: 'boss.east@acme.cn', about_user_id: li.id }]);
    // The case keeps its owner until a manager assigns it: nothing they did is rewritten.
    const kase = await t.db.selectFrom('cases').select('owner_user_id').where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(kase.owner_user_id).toBe(li.id);
  });

  it('changes nothing on a file without the column, and brings the person back with true', async () => {
    expect(await importOk(t.db, orgId, 'users', csv('email,name,role,region\nli@acme.cn,Li Wei,sales,east\n'))).toMatchObject({ updated: 0, unchanged: 1 });
    expect((await user('li@acme.cn')).active).toBe(false);
    await importOk(t.db, orgId, 'users', csv('email,name,role,region,active\nli@acme.cn,Li Wei,sales,east,true\n'));
    expect(await user('li@acme.cn')).toMatchObject({ active: true, deactivated_at: null });
  });
});
