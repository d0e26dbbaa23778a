import { beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../src/services/import/index.js';
import { caseDetail } from '../../../src/services/cases/case-queries.js';
import { testDatabase } from '../../support/db.js';
import { csv, fixture, importOk, orgWithCustomers } from './import-fixtures.js';

const t = testDatabase();
let orgId: number;

beforeAll(async () => { orgId = await orgWithCustomers(t.db, 'acme'); });

const contacts = () => t.db.selectFrom('contacts').innerJoin('customers', 'customers.id', 'contacts.customer_id')
  .select(['customers.code', 'contacts.name', 'contacts.email', 'contacts.phone', 'contacts.role', 'contacts.locale'])
  .where('contacts.org_id', '=', orgId).orderBy('contacts.id').execute();

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the first import creates the contacts that the re-import leaves alone and the next file changes.
describe('importing contacts', { shuffle: false }, () => {
  it('creates contacts; role defaults to billing, zh/en name the locales', async () => {
    const r = await importOk(t.db, orgId, 'contacts', fixture('contacts.csv'));
    expect(r).toMatchObject({ rows: 3, inserted: 3, updated: 0 });
    expect(await contacts()).toEqual([
      { code: 'HZ001', name: '张敏', email: 'zhang.min@hzsteel.example', phone: '+86 571 8888 0101', role: 'billing', locale: 'zh-CN' },
      { code: 'HZ001', name: 'Peter Hu', email: 'peter.hu@hzsteel.example', phone: null, role: 'purchasing', locale: 'en-US' },
      { code: 'SH002', name: 'Linda Wu', email: 'linda.wu@shtrading.example', phone: null, role: 'billing', locale: 'en-US' },
    ]);
  });

  it('changes nothing when the same file is imported again, and updates a changed email', async () => {
    const again = await importOk(t.db, orgId, 'contacts', fixture('contacts.csv'));
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    const r = await importOk(t.db, orgId, 'contacts', csv('customer_code,name,email\nSH002,linda wu,linda@shtrading.example\n'));
    expect(r).toMatchObject({ inserted: 0, updated: 1 });
    expect((await contacts())[2]).toMatchObject({ name: 'linda wu', email: 'linda@shtrading.example', role: 'billing', locale: null });
  });

  it('refuses unknown customers, bad emails, roles and locales, and repeated contacts, writing nothing', async () => {
    const before = await contacts();
    const r = await importFile(t.db, { orgId, kind: 'contacts', input: csv([
      'customer_code,name,email,role,locale',
      'NOPE,Someone,a@b.example,billing,zh-CN',
      'HZ001,Bad Mail,not-an-email,,',
      'HZ001,Odd Role,x@y.example,boss,fr',
      'BJ003,Ann,ann@bj.example,,',
      'BJ003,ANN,ann2@bj.example,,',
    ].join('\n')) });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      { line: 2, column: 'customer_code', message: 'unknown customer NOPE: import customers first' },
      { line: 3, column: 'email', message: 'not an email address' },
      { line: 4, column: 'role', message: 'must be one of billing, finance, purchasing, management, legal, other' },
      { line: 4, column: 'locale', message: 'must be zh-CN or en-US' },
      { line: 6, column: 'name', message: 'duplicate contact ANN: first on line 5' },
    ]);
    expect(await contacts()).toEqual(before);
  });

  it('shows the contacts on the case card data, billing first', async () => {
    const d = await caseDetail(t.db, orgId, 'HZ001');
    expect(d.customerContacts.map((k) => [k.name, k.role])).toEqual([['张敏', 'billing'], ['Peter Hu', 'purchasing']]);
  });
});
