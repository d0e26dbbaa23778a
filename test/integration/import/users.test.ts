import { beforeAll, describe, expect, it } from 'vitest';
import { addOrg } from '../../../src/services/orgs.js';
import { importFile } from '../../../src/services/import/index.js';
import { testDatabase } from '../../support/db.js';
import { csv, fixture, importOk, snapshot } from './import-fixtures.js';

const t = testDatabase();
let orgId: number;

beforeAll(async () => { orgId = (await addOrg(t.db, { slug: 'acme' })).org.id; });

const identities = () => t.db.selectFrom('chat_identities').innerJoin('users', 'users.id', 'chat_identities.user_id')
  .select(['users.email', 'chat_identities.platform', 'chat_identities.external_user_id'])
  .where('chat_identities.org_id', '=', orgId).orderBy('users.email').orderBy('platform').execute();

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — each import meets what the
// imports before it wrote (a second import of the same file changes nothing).
describe('importing users', { shuffle: false }, () => {
  it('creates the users and their Slack and Lark identities', async () => {
    const r = await importOk(t.db, orgId, 'users', fixture('users.csv'));
    expect(r).toMatchObject({ rows: 3, inserted: 3, updated: 0, unchanged: 0 });
    expect(await identities()).toEqual([
      { email: 'Wang.Fang@acme.cn', platform: 'lark', external_user_id: 'ou_wangfang' },
      { email: 'li.wei@acme.cn', platform: 'lark', external_user_id: 'ou_liwei' },
      { email: 'li.wei@acme.cn', platform: 'slack', external_user_id: 'U01LIWEI' },
      { email: 'zhang.min@acme.cn', platform: 'slack', external_user_id: 'U02ZHANG' },
    ]);
    const li = await t.db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('email', '=', 'li.wei@acme.cn').executeTakeFirstOrThrow();
    expect(li).toMatchObject({ name: 'Li Wei', role: 'sales', region: 'east', timezone: 'Asia/Shanghai', active: true });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await snapshot(t.db);
    const r = await importOk(t.db, orgId, 'users', fixture('users.csv'));
    expect(r).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect((await snapshot(t.db)).split('\n').slice(0, 2)).toEqual(before.split('\n').slice(0, 2));
  });

  it('matches emails case-insensitively, updates what changed and leaves an empty chat id cell alone', async () => {
    const r = await importOk(t.db, orgId, 'users', csv('email,name,role,slack_user_id\nLI.WEI@acme.cn,Li Wei,sales,U01NEW\nzhang.min@acme.cn,Zhang Min,finance,\n'));
    expect(r).toMatchObject({ rows: 2, inserted: 0, updated: 1, unchanged: 1 });   // Li: email case and Slack id; Zhang: as before
    expect((await identities()).filter((i) => i.platform === 'slack').map((i) => i.external_user_id)).toEqual(['U01NEW', 'U02ZHANG']);
  });

  it('counts a user whose only change is a chat id as one update', async () => {
    const r = await importOk(t.db, orgId, 'users', csv('email,name,role,slack_user_id\nLI.WEI@acme.cn,Li Wei,sales,U01NEWER\n'));
    expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
  });

  it('refuses repeated emails, a chat id used twice or already linked to someone else, and writes nothing', async () => {
    const before = await snapshot(t.db);
    const r = await importFile(t.db, { orgId, kind: 'users', input: csv([
      'email,name,role,slack_user_id,lark_open_id',
      'a@acme.cn,A,sales,UA,',
      'A@ACME.CN,A again,sales,,',
      'b@acme.cn,B,sales,UA,',
      'c@acme.cn,C,sales,U02ZHANG,',
      'd@acme.cn,D,chief,,',
    ].join('\n')) });
    expect(r.errors).toEqual([
      { line: 3, column: 'email', message: 'duplicate email A@ACME.CN: first on line 2' },
      { line: 4, column: 'slack_user_id', message: 'duplicate Slack user id UA: first on line 2' },
      { line: 5, column: 'slack_user_id', message: 'U02ZHANG is already linked to zhang.min@acme.cn' },
      { line: 6, column: 'role', message: 'must be one of admin, manager, finance, sales, legal' },
    ]);
    expect(await snapshot(t.db)).toBe(before);
  });
});
