// Issue 10, credit control on Lark (DOMAIN.md "Credit control"), through the real adapter and the fake
// Open API: finance puts a customer on supply hold (once; a salesperson is refused), the case card
// and the digest show the hold, the customer over its credit limit and grade D; `unhold` lifts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { cardText, startLarkWorld, type LarkOrg, type LarkWorld, type Who } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;
let org: LarkOrg;

beforeAll(async () => {
  w = await startLarkWorld(t.db);
  org = await w.newOrg();
  // Over a limit of 0.01 with anything open, and grade D.
  await t.db.updateTable('customers').set({ credit_limit_minor: 1n, credit_grade: 'D' }).where('id', '=', org.customer.id).execute();
});
afterAll(async () => { await w?.close(); });

/** The text of every card the bot sent in answer to one message. */
async function say(who: Who, text: string, chatId = 'oc_internal'): Promise<string> {
  const from = w.fake.calls.length;
  await w.say(org, who, text, { chatId });
  await w.deliveries.settled(org.orgId);
  return w.fake.calls.slice(from).filter((c) => c.card !== undefined).map((c) => cardText(c.card)).join('\n');
}

const holds = () => t.db.selectFrom('customer_holds').select(['reason', 'lifted_at']).where('org_id', '=', org.orgId).execute();

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the digest tags the hold the first step put on,
// and `unhold` lifts that same hold.
describe('Lark: credit control', { shuffle: false }, () => {
  it('puts the customer on supply hold once, for finance only; the case card shows it', async () => {
    expect(await say('sales', `hold ${org.customer.code} over limit`)).toMatch(/not allowed/i);
    expect(await holds()).toHaveLength(0);
    expect(await say('finance', `hold ${org.customer.code} over limit <at user_id="all">all</at>`)).toContain('is on supply hold: over limit');
    expect(await say('finance', `hold ${org.customer.code} again`)).toContain('was already on supply hold since');
    expect(await holds()).toHaveLength(1);
    const card = await say('finance', `case ${org.customer.code}`);
    expect(card).toContain('On supply hold since');
    // Lark card markdown carries ':' and '<' as entities: the user's text cannot become an @all.
    expect(card).toContain('must prepay or give collateral.');
    expect(card).toContain('over limit &#60;at user&#95;id="all"&#62;');
    expect(JSON.stringify(w.fake.calls.map((c) => c.card ?? null))).not.toContain('<at user_id="all">');
  });

  it('tags the customer in the digest, and drops the hold tag once lifted', async () => {
    const digest = await say('manager', 'digest');
    expect(digest).toContain('⛔ on hold');
    expect(digest).toContain('⚠ over limit');
    expect(digest).toContain('⚠ grade D');
    expect(await say('finance', `unhold ${org.customer.code} paid`)).toContain('is lifted');
    const after = await say('manager', 'digest');
    expect(after).not.toContain('⛔ on hold');
    expect(after).toContain('⚠ grade D');
  });
});
