// Lark waits 3 s for the answer to a card click (card callback docs): adapters/lark/events.ts keeps
// everything between receiving the click and answering it — the dedupe, the command and rendering
// — inside one budget. Here the database step is made slow for real: the test holds a lock on
// the case row (or on the click's dedupe receipt) while the click comes in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabase } from '../../support/db.js';
import { cardActionEvent, postLarkEvent } from '../../support/lark-signing.js';
import { buttonValue, cardText, ENCRYPT_KEY, sentCards, startLarkWorld, TOKEN, type LarkOrg, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;

beforeAll(async () => { w = await startLarkWorld(t.db); });
afterAll(async () => { await w?.close(); });

const ROLLBACK = new Error('rolled back by the test');

/** Runs `hold` in a transaction that stays open until release(), which rolls it back. */
async function holding(hold: (trx: typeof t.db) => Promise<unknown>): Promise<{ release: () => Promise<void> }> {
  let open!: () => void;
  const gate = new Promise<void>((r) => { open = r; });
  let held!: () => void;
  const isHeld = new Promise<void>((r) => { held = r; });
  const done = t.db.transaction().execute(async (trx) => { await hold(trx); held(); await gate; throw ROLLBACK; })
    .catch((e: unknown) => { if (e !== ROLLBACK) throw e; });
  await Promise.race([isHeld, done]);
  return { release: async () => { open(); await done; } };
}

/** A click posted as Lark posts it, without waiting for the work after the answer. */
function click(org: LarkOrg, eventId: string) {
  const value = buttonValue(w.fake.messages.get(org.alert.messageId)!.card, 'claim');
  return postLarkEvent(w.url, cardActionEvent({ token: TOKEN, tenantKey: org.tenantKey, eventId }, {
    openId: org.openId.sales, chatId: org.alert.chatId, messageId: org.alert.messageId, value,
  }), { encryptKey: ENCRYPT_KEY });
}

async function settled() {
  await w.adapter.settled();
  await w.deliveries.settled();
}

const claims = async (org: LarkOrg) => (await t.db.selectFrom('case_events').select('id').where('org_id', '=', org.orgId)
  .where('type', '=', 'case.claimed').execute()).length;
const ownerOf = async (org: LarkOrg) => (await t.db.selectFrom('cases').select('owner_user_id')
  .where('id', '=', org.caseId).executeTakeFirstOrThrow()).owner_user_id;

describe('Lark: the whole card callback inside 3 s', () => {
  it('answers "working on it" within 3 s while the case row is locked, and claims once when it is free', async () => {
    const org = await w.newOrg();
    const lock = await holding((trx) => trx.selectFrom('cases').select('id').where('id', '=', org.caseId).forUpdate().execute());
    const from = w.fake.calls.length;
    const eventId = `ev_locked_${org.orgId}`;
    const r = await click(org, eventId);
    expect(r.status).toBe(200);
    expect(r.ms).toBeLessThan(3000);
    expect(r.json.toast.content).toBe('Working on it: the result follows in a moment.');
    expect(r.json.toast.i18n).toEqual({ zh_cn: '正在处理，结果稍后送达。', en_us: 'Working on it: the result follows in a moment.' });
    expect(r.json.card).toBeUndefined();
    // Still locked: nothing could have been claimed yet.
    expect(await ownerOf(org)).toBeNull();

    // Lark's retry of the same click, while the first still waits: answered at once, nothing more.
    const retry = await click(org, eventId);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual({});

    await lock.release();
    await settled();
    expect(await ownerOf(org)).toBe(org.sales.userId);
    expect(await claims(org)).toBe(1);
    // The confirmation the answer could not carry goes to the clicker, once.
    const dms = sentCards(w.fake.calls, { chatId: org.openId.sales, from });
    expect(dms).toHaveLength(1);
    expect(cardText(dms[0]!.card)).toContain('Acme Trading');
    // The alert card shows its owner through the delivery pipeline (an update of the clicked card).
    const patches = w.fake.calls.slice(from).filter((c) => c.endpoint === 'patch' && c.path.endsWith(org.alert.messageId));
    expect(patches.length).toBeGreaterThanOrEqual(1);

    // A retry after it all landed: still once.
    const again = await click(org, eventId);
    await settled();
    expect(again.json).toEqual({});
    expect(await claims(org)).toBe(1);
    expect(sentCards(w.fake.calls, { chatId: org.openId.sales, from })).toHaveLength(1);
  });

  it('counts the dedupe in the budget: a slow receipt still answers within 3 s, and the click lands once', async () => {
    const org = await w.newOrg();
    const eventId = `ev_dedupe_${org.orgId}`;
    // Another process is recording the same event id and has not committed: the dedupe waits on it.
    const lock = await holding((trx) => sql`insert into action_receipts (org_id, key, result) values (${org.orgId}, ${`lark-event:${eventId}`}, '{}')`.execute(trx));
    const from = w.fake.calls.length;
    const r = await click(org, eventId);
    expect(r.status).toBe(200);
    expect(r.ms).toBeLessThan(3000);
    expect(r.json.toast.content).toBe('Working on it: the result follows in a moment.');
    // That other process gave up (rolled back): this delivery of the event is the first, and runs.
    await lock.release();
    await settled();
    expect(await ownerOf(org)).toBe(org.sales.userId);
    expect(await claims(org)).toBe(1);
    expect(sentCards(w.fake.calls, { chatId: org.openId.sales, from })).toHaveLength(1);
  });

  it('answers a quick click with its result, and sends the clicker nothing after it', async () => {
    const org = await w.newOrg();
    const from = w.fake.calls.length;
    const r = await click(org, `ev_quick_${org.orgId}`);
    await settled();
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ toast: { type: 'success', content: 'You own Acme Trading (C100) now.' } });
    expect(await claims(org)).toBe(1);
    expect(sentCards(w.fake.calls, { chatId: org.openId.sales, from })).toHaveLength(0);
  });
});
