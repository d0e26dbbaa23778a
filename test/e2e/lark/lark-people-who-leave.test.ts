// Issue 15, done when (Lark): a person removed in Lark (contact.user.deleted_v3, encrypted and signed
// as Lark sends it) stops getting reminders; their open cases are offered to their managers in one
// card with an Assign button per case; the button moves the case; until then the 48-hour rule
// treats the case as unowned.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pino } from 'pino';
import { randomUUID } from 'node:crypto';
import { createJobsRuntime, type JobsRuntime } from '../../../jobs/index.js';
import { zonedInstant } from '../../../src/domain/calendar.js';
import { detectReminders } from '../../../src/services/reminders/detect-reminders.js';
import { testDatabase } from '../../support/db.js';
import { userDeletedEvent } from '../../support/lark-signing.js';
import { buttonValue, cardText, sentCards, startLarkWorld, TOKEN, type LarkOrg, type LarkWorld } from './lark-world.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';
let w: LarkWorld;
let rt: JobsRuntime;
let org: LarkOrg;
const now = zonedInstant(TZ, '2027-03-10', 10 * 60);   // a Wednesday, after the deactivation (stamped with the real clock)

beforeAll(async () => {
  w = await startLarkWorld(t.db);
  rt = createJobsRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: `{duebot-t-${randomUUID().slice(0, 8)}}`,
    ports: { lark: w.adapter.port }, log: pino({ level: 'silent' }), maintenance: false, now: () => now });
  await rt.start();
  org = await w.newOrg();
  await t.db.updateTable('cases').set({ owner_user_id: org.sales.userId, claimed_at: zonedInstant(TZ, '2027-03-01', 10 * 60),
    last_record_at: zonedInstant(TZ, '2027-03-05', 10 * 60), level: 'red' }).where('id', '=', org.caseId).execute();
  const inv = await t.db.selectFrom('invoices').select('id').where('org_id', '=', org.orgId).where('number', '=', 'INV-1').executeTakeFirstOrThrow();
  // The alert newOrg recorded, raised on 2 March.
  await t.db.updateTable('alerts_sent').set({ raised_on: '2027-03-02', created_at: zonedInstant(TZ, '2027-03-02', 10 * 60) })
    .where('org_id', '=', org.orgId).where('invoice_id', '=', inv.id).where('level', '=', 'red').execute();
});
afterAll(async () => { await rt?.stop(); await w?.close(); });

const flagged = () => t.db.selectFrom('reminders').select('user_id').where('org_id', '=', org.orgId)
  .where('kind', '=', 'red_untouched').where('case_id', '=', org.caseId).execute();

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the person is still active in the first step,
// removed in the second, and the offer and its Assign button build on that removal.
describe('a person removed in Lark', { shuffle: false }, () => {
  it('refuses an event with a bad signature and changes nothing', async () => {
    const r = await w.send(userDeletedEvent({ token: TOKEN, tenantKey: org.tenantKey }, { openId: org.openId.sales }), { signingKey: 'not-the-key' });
    expect(r.status).toBe(401);
    const u = await t.db.selectFrom('users').select('active').where('id', '=', org.sales.userId).executeTakeFirstOrThrow();
    expect(u.active).toBe(true);
  });

  it('is deactivated once, and their red case counts as unowned for the 48-hour rule', async () => {
    await detectReminders(t.db, org.orgId, now);
    expect(await flagged()).toHaveLength(0);   // owned, and recorded since the alert
    const eventId = `ev-left-${org.orgId}`;
    for (let i = 0; i < 2; i++) {   // Lark retries with the same event_id
      const r = await w.send(userDeletedEvent({ token: TOKEN, tenantKey: org.tenantKey, eventId }, { openId: org.openId.sales }));
      expect(r.status).toBe(200);
    }
    const u = await t.db.selectFrom('users').select(['active', 'deactivated_at']).where('id', '=', org.sales.userId).executeTakeFirstOrThrow();
    expect(u.active).toBe(false);
    expect(u.deactivated_at).not.toBeNull();
    const audits = await t.db.selectFrom('audit_log').select('actor').where('org_id', '=', org.orgId).where('action', '=', 'user.deactivate').execute();
    expect(audits).toEqual([{ actor: 'lark:user_deleted' }]);
    await detectReminders(t.db, org.orgId, now);
    expect((await flagged()).length).toBeGreaterThan(0);
  });

  it('offers the case to the managers in one card, and the Assign button moves it', async () => {
    const offers = await t.db.selectFrom('reminders as r').innerJoin('users as u', 'u.id', 'r.user_id').select(['u.role', 'r.about_user_id'])
      .where('r.org_id', '=', org.orgId).where('r.kind', '=', 'owner_left').execute();
    expect(offers.length).toBeGreaterThan(0);
    expect(offers.every((o) => o.role === 'manager' && o.about_user_id === org.sales.userId)).toBe(true);
    const from = w.fake.calls.length;
    await rt.sweepReminders(org.orgId);
    const card = await waitForCard(() => sentCards(w.fake.calls, { chatId: org.openId.manager, from })
      .find((c) => buttonValue(c.card, 'take') !== undefined));
    expect(cardText(card.card)).toContain('Acme Trading');
    const take = buttonValue(card.card, 'take');

    const r = await w.click(org, 'manager', { chatId: org.openId.manager, messageId: card.messageId! }, take);
    expect(r.status).toBe(200);
    const c = await t.db.selectFrom('cases').select('owner_user_id').where('id', '=', org.caseId).executeTakeFirstOrThrow();
    expect(c.owner_user_id).toBe(org.manager.userId);
  });
});

async function waitForCard<T>(find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = find();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting for the offer card');
    await new Promise((res) => setTimeout(res, 50));
  }
}
