// Issue 10 (DOMAIN.md stages: 预催收, pre_due_days, default 3): on Lark, the owner of a customer
// whose invoices fall due in three days gets one private card at the start of the working day —
// through the real jobs runtime, the real Lark port and the strict fake Open API.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createJobsRuntime, type JobsRuntime } from '../../../jobs/index.js';
import { addDays } from '../../../src/domain/calendar.js';
import { testDatabase } from '../../support/db.js';
import { pollUntil } from '../../support/own-servers.js';
import { TODAY } from '../../integration/services/fixtures.js';
import { CHAT_NOW, cardText, startLarkWorld, type LarkOrg, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;
let org: LarkOrg;
let rt: JobsRuntime;

beforeAll(async () => {
  w = await startLarkWorld(t.db);
  org = await w.newOrg();
  rt = createJobsRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: `{duebot-t-${randomUUID().slice(0, 8)}}`,
    ports: { lark: w.adapter.port }, log: pino({ level: 'silent' }), maintenance: false, now: () => CHAT_NOW });
  await rt.start();
}, 60_000);
afterAll(async () => { await rt?.stop(); await w?.close(); });

const cardsWith = (text: string) => w.fake.calls.filter((c) => c.card !== undefined && cardText(c.card).includes(text));

describe('Lark: the pre-due reminder', () => {
  it('sends the owner one private card of what falls due in three days, however often the sweep runs', async () => {
    const c = await t.db.insertInto('customers').values({ org_id: org.orgId, code: 'PREDUE', name: 'Predue Trading', credit_grade: 'B',
      credit_limit_minor: 100_000_000n, payment_terms_days: 30, owner_user_id: org.sales.userId }).returning('id').executeTakeFirstOrThrow();
    const due = addDays(TODAY, 3);
    await t.db.insertInto('invoices').values([
      { org_id: org.orgId, customer_id: c.id, number: 'PRE-1', currency: 'CNY', amount_minor: 1_200_00n, issued_on: addDays(due, -30), due_on: due },
      { org_id: org.orgId, customer_id: c.id, number: 'PRE-LATER', currency: 'CNY', amount_minor: 300_00n, issued_on: addDays(due, -29), due_on: addDays(due, 1) },
    ]).execute();

    await rt.sweepReminders(org.orgId);
    const [card] = await pollUntil('the pre-due card', () => { const c = cardsWith('Predue Trading'); return c.length > 0 ? c : undefined; }, 20_000);
    // To the owner by open_id: a direct message, not a group chat.
    expect(card!.query.receive_id_type).toBe('open_id');
    expect(card!.body.receive_id).toBe(org.openId.sales);
    // Lark markdown carries '-' as an entity (adapters/lark/escape.ts).
    expect(cardText(card!.card)).toContain('PRE&#45;1 · CNY 1,200.00');
    expect(cardText(card!.card)).not.toContain('LATER');

    await rt.sweepReminders(org.orgId);   // again the same day: nothing more
    await pollUntil('every reminder delivery settled', async () => (await t.db.selectFrom('deliveries').select('status')
      .where('org_id', '=', org.orgId).where('kind', '=', 'reminder').execute()).every((d) => d.status === 'sent' || d.status === 'dropped'), 20_000);
    expect(cardsWith('Predue Trading')).toHaveLength(1);
  });
});
