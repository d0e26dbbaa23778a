// Supply holds (issue 10, DOMAIN.md "Credit control"): `/ar hold` / `/ar unhold` by finance or a
// manager, refused to sales with nothing changed, shown on the case card, listed for the ERP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { testDeliveries, type TestDeliveries } from '../../support/test-deliveries.js';
import { addDays, dateIn } from '../../../src/domain/calendar.js';
import { createChat } from '../../../src/chat/router.js';
import type { Chat } from '../../../src/chat/chat.js';
import { ensureOpenCase } from '../../../src/services/cases/open-case.js';
import { addCustomer, addInvoice, addUser, seedOrg } from '../jobs/jobs-fixtures.js';
import { duebot } from '../../support/cli.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the hold put on in one step is listed and lifted in the next.
describe('supply hold', { shuffle: false }, () => {
  const slack = new FakePlatform({ platform: 'slack' });
  let chat: Chat;
  let deliveries: TestDeliveries;
  let orgId: number;
  const today = dateIn(TZ);
  const as = (user: string) => ({ platform: 'slack' as const, workspaceId: 'T-HOLD', channelId: 'C-FIN', externalUserId: user });
  const say = async (user: string, text: string) => JSON.stringify(await chat.handleText(as(user), text));
  const holds = () => t.db.selectFrom('customer_holds').selectAll().where('org_id', '=', orgId).orderBy('id').execute();

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'hold-org', TZ);
    await t.db.insertInto('workspaces').values({ org_id: orgId, platform: 'slack', external_id: 'T-HOLD', name: 'H' }).execute();
    await addUser(t.db, orgId, { name: 'Fang', role: 'finance', slack: 'U-FIN' });
    await addUser(t.db, orgId, { name: 'Sun', role: 'sales', slack: 'U-SALES' });
    const c = await addCustomer(t.db, orgId, { code: 'HOLD1', grade: 'D' });
    await addInvoice(t.db, orgId, c, { number: 'H-1', amount: 200_000_00n, dueOn: addDays(today, -40) });   // over the 100,000.00 limit
    await t.db.transaction().execute((trx) => ensureOpenCase(trx, orgId, c, today));
    process.env.DATABASE_URL = t.url;
    deliveries = testDeliveries({ db: t.db, ports: { slack } });
    chat = createChat({ db: t.db, log: pino({ level: 'silent' }), outbox: deliveries.outbox });
  });
  afterAll(async () => { await deliveries?.stop(); });

  it('refuses sales and changes nothing', async () => {
    const refused = await say('U-SALES', 'hold HOLD1 stop shipping');
    expect(refused).not.toContain('supply hold');
    expect(refused).toContain('"ephemeral":true');
    expect(await holds()).toHaveLength(0);
  });

  it('finance puts a customer on hold once; the case card shows the hold, the excess over the limit and grade D', async () => {
    expect(await say('U-FIN', 'hold HOLD1 over limit <!channel>')).toContain('supply hold');
    expect(await say('U-FIN', 'hold HOLD1 again')).toContain('already on supply hold');
    const rows = await holds();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.reason).toBe('over limit <!channel>');
    const card = await say('U-FIN', 'case HOLD1');
    expect(card).toContain('On supply hold since');
    expect(card).toContain('Over the credit limit by CNY 100,000.00');
    expect(card).toContain('Grade D');
  });

  it('lists the holds for the ERP as JSON and CSV', async () => {
    const j = JSON.parse(await duebot('report', 'holds', '--org', 'hold-org', '--format', 'json'));
    expect(j).toEqual({ org: 'hold-org', currency: 'CNY', holds: [{ code: 'HOLD1', name: 'HOLD1 Ltd', reason: 'over limit <!channel>',
      setBy: 'fang@example.com', setOn: today, grade: 'D', creditLimit: '100000.00', open: '200000.00' }] });
    const csv = await duebot('report', 'holds', '--org', 'hold-org', '--format', 'csv');
    expect(csv.split('\n')[0]).toBe('code,name,reason,setBy,setOn,grade,creditLimit,open');
  });

  it('unhold lifts it and keeps the history; a second unhold has nothing to lift', async () => {
    expect(await say('U-FIN', 'unhold HOLD1 paid')).toContain('is lifted');
    expect(await say('U-FIN', 'unhold HOLD1')).toContain('not on supply hold');
    const rows = await holds();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.lifted_at).not.toBeNull();
    expect(rows[0]!.lift_note).toBe('paid');
    expect(JSON.parse(await duebot('report', 'holds', '--org', 'hold-org', '--format', 'json')).holds).toEqual([]);
  });
});
