// Issue 10, credit control on Slack (DOMAIN.md "Credit control"), through the real Bolt app and the
// fake Web API: finance puts a customer on supply hold with `/ar hold` (once: a repeat changes
// nothing) and the case card says so; the digest's lines tag the held customer, the one over its
// credit limit and the grade D one; `/ar unhold` lifts it and the tag goes; a salesperson is refused.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { slackText } from '../contract/slack-driver.js';
import { seedSlackOrg, sendCommand, startSlackStack, type SlackFixture, type SlackStack } from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  // PRL owes 120,000.00 against a limit of 100,000.00; HDJD is grade D with anything open.
  await t.db.updateTable('customers').set({ credit_limit_minor: 10_000_000n }).where('id', '=', f.escalatedCase.customerId).execute();
  await t.db.updateTable('customers').set({ credit_grade: 'D' }).where('id', '=', f.alertCase.customerId).execute();
  stack = await startSlackStack(t.db);
});
afterAll(async () => { await stack?.close(); });
beforeEach(() => { stack.api.reset(); });

/** Everything the bot said about one command, once its work after the ack is done. */
async function run(user: keyof SlackFixture['people'], text: string, channelId = 'CFIN') {
  stack.api.reset();
  await sendCommand(stack, f, f.people[user], text, { channelId });
  return said();
}

async function said() {
  await stack.slack.settled();
  await stack.deliveries.settled(f.orgId);
  return stack.api.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral' || c.method === 'response_url')
    .map((c) => slackText(c.body)).join('\n');
}

const holds = () => t.db.selectFrom('customer_holds').select(['reason', 'lifted_at']).where('org_id', '=', f.orgId).execute();

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the hold put on in the first step is the one the
// digest tags in the second and /ar unhold lifts in the third.
describe('credit control on Slack', { shuffle: false }, () => {
  it('puts a customer on supply hold once, for finance only, and the case card shows it', async () => {
    expect(await run('sales', 'hold PRL over limit', 'CFIN')).toMatch(/may not|not allowed|cannot/i);
    expect(await holds()).toHaveLength(0);
    expect(await run('finance', 'hold PRL over limit <!channel>', 'CFIN')).toContain('Pearl River Trading (PRL) is on supply hold: over limit');
    expect(await run('finance', 'hold PRL again', 'CFIN')).toContain('was already on supply hold since');
    expect(await holds()).toEqual([{ reason: 'over limit <!channel>', lifted_at: null }]);
    const card = await run('finance', 'case PRL', 'CFIN');
    expect(card).toContain('On supply hold since');
    // The reason is the user's text: escaped on the wire, never a channel-wide mention.
    expect(card).toContain('over limit <!channel>');
    expect(JSON.stringify(stack.api.calls.map((c) => c.body))).not.toContain('<!channel>');
  });

  it('tags the held, the over-limit and the grade D customers in the digest', async () => {
    const digest = await run('manager', 'digest', 'CDIGEST');
    expect(digest).toMatch(/PRL[^\n]*⛔ on hold/);
    expect(digest).toMatch(/PRL[^\n]*⚠ over limit/);
    expect(digest).toMatch(/HDJD[^\n]*⚠ grade D/);
  });

  it('lifts the hold with /ar unhold, keeping its history, and the tag goes', async () => {
    expect(await run('finance', 'unhold PRL paid the arrears', 'CFIN')).toContain('The supply hold on Pearl River Trading (PRL) is lifted.');
    const [h] = await holds();
    expect(h!.lifted_at).not.toBeNull();
    const digest = await run('manager', 'digest', 'CDIGEST');
    expect(digest).not.toContain('⛔ on hold');
    expect(digest).toMatch(/PRL[^\n]*⚠ over limit/);
  });
});
