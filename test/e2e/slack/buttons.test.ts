// Buttons end to end: signed block_actions → Bolt → router → services → PostgreSQL → Slack Web API (fake).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import {
  addOverdueCustomer, alertButton, buttonPayload, click, escalationButton, eventually, seedSlackOrg, startSlackStack,
  type SlackFixture, type SlackStack,
} from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  stack = await startSlackStack(t.db);
});
afterAll(async () => { await stack?.close(); });
// Each test reads what Slack was asked from its own start: the work an earlier test left (the
// approval's card update and direct message) is done first, or it lands in the next test's calls (issue 14).
beforeEach(async () => {
  await stack.slack.settled();
  await stack.deliveries.settled(f.orgId);
  stack.api.reset();
});

const auditCount = async (action: string) => (await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n'))
  .where('org_id', '=', f.orgId).where('action', '=', action).executeTakeFirstOrThrow()).n;

describe('claim from an alert', () => {
  it('acks at once, claims the case, updates the alert in place and posts in its thread', async () => {
    const res = await click(stack, buttonPayload(f, f.people.sales, f.alert, alertButton(f, 'claim'), stack));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');

    const kase = await eventually(async () => {
      const row = await t.db.selectFrom('cases').select(['owner_user_id']).where('id', '=', f.alertCase.caseId).executeTakeFirstOrThrow();
      return row.owner_user_id === f.people.sales.id ? row : null;
    });
    expect(kase.owner_user_id).toBe(f.people.sales.id);

    await stack.api.waitFor((c) => c.some((x) => x.method === 'chat.update') && c.some((x) => x.method === 'chat.postMessage'));
    const update = stack.api.callsTo('chat.update')[0]!;
    expect(update.body).toMatchObject({ channel: f.alert.channelId, ts: f.alert.ts });
    const shown = JSON.stringify(update.body);
    expect(shown).toContain('<@USALES1>');                 // the owner, mentioned: they have a Slack identity
    expect(shown).not.toContain('<!channel>');             // the customer's name is text, not a ping
    expect(shown).toContain('华东机电 &lt;!channel&gt;');
    expect(JSON.stringify(update.body.blocks ?? []) + JSON.stringify(update.body.attachments ?? [])).not.toContain('"action_id":"claim"');

    const thread = stack.api.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === f.alert.ts);
    expect(thread).toHaveLength(1);
    expect(thread[0]!.body.channel).toBe(f.alert.channelId);

    await stack.api.waitFor((c) => c.some((x) => x.method === 'chat.postEphemeral'));
    expect(stack.api.callsTo('chat.postEphemeral')[0]!.body).toMatchObject({ channel: f.alert.channelId, user: 'USALES1' });
  });
});

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the non-manager is refused while the request is
// pending, and the manager's approval then decides that same request.
describe('approval of a legal escalation', { shuffle: false }, () => {
  it('refuses a non-manager\'s Approve ephemerally and changes nothing', async () => {
    const res = await click(stack, buttonPayload(f, f.people.sales, { channelId: f.escalation.channelId, ts: f.escalation.ts },
      escalationButton(f, 'approve'), stack));
    expect(res.status).toBe(200);
    await stack.api.waitFor((c) => c.some((x) => x.method === 'chat.postEphemeral'));
    expect(stack.api.callsTo('chat.postEphemeral')[0]!.body).toMatchObject({ channel: f.escalation.channelId, user: 'USALES1' });
    await stack.slack.settled();   // the click's work is done: no update or post will follow
    expect(stack.api.callsTo('chat.update')).toHaveLength(0);
    expect(stack.api.callsTo('chat.postMessage')).toHaveLength(0);
    const esc = await t.db.selectFrom('escalations').select(['status', 'decided_by']).where('id', '=', f.escalation.id).executeTakeFirstOrThrow();
    expect(esc).toEqual({ status: 'pending', decided_by: null });
    const kase = await t.db.selectFrom('cases').select('status').where('id', '=', f.escalatedCase.caseId).executeTakeFirstOrThrow();
    expect(kase.status).toBe('open');
    expect(Number(await auditCount('escalation.decide'))).toBe(0);
  });

  it('lets a manager approve: the case goes to legal, the card is updated and the owner is told', async () => {
    const res = await click(stack, buttonPayload(f, f.people.manager, { channelId: f.escalation.channelId, ts: f.escalation.ts },
      escalationButton(f, 'approve'), stack));
    expect(res.status).toBe(200);
    await eventually(async () => {
      const esc = await t.db.selectFrom('escalations').select(['status', 'decided_by']).where('id', '=', f.escalation.id).executeTakeFirstOrThrow();
      return esc.status === 'approved' && esc.decided_by === f.people.manager.id;
    });
    const kase = await t.db.selectFrom('cases').select(['status', 'stage']).where('id', '=', f.escalatedCase.caseId).executeTakeFirstOrThrow();
    expect(kase).toEqual({ status: 'legal', stage: 'legal' });

    // The card in the managers' channel shows the decision.
    await stack.api.waitFor((c) => c.some((x) => x.method === 'chat.update' && x.body.ts === f.escalation.ts));
    expect(stack.api.callsTo('chat.update').find((x) => x.body.ts === f.escalation.ts)!.body.channel).toBe(f.escalation.channelId);
    // The owner (who also requested it) gets a direct message.
    await stack.api.waitFor((c) => c.some((x) => x.method === 'chat.postMessage' && x.body.channel === 'DUSALES2'));
    expect(stack.api.callsTo('conversations.open').map((x) => x.body.users)).toContain('USALES2');
    expect(stack.api.callsTo('conversations.open').map((x) => x.body.users)).not.toContain('UMGR1');
  });
});

describe('replay', () => {
  it('takes the same click delivered twice once: one claim, one update, one thread post', async () => {
    const c = await addOverdueCustomer(t.db, f.orgId, f.today, { code: 'DUP', name: 'Double Delivery Ltd', amountMinor: 990_000n, daysOverdue: 70 });
    await t.db.updateTable('case_events').set({ processed_at: new Date() }).where('case_id', '=', c.caseId).execute();
    const where = { channelId: 'CALERTS', ts: '1700000000.000900' };
    await t.db.insertInto('chat_messages').values({ org_id: f.orgId, platform: 'slack', channel_id: where.channelId, message_id: where.ts,
      kind: 'alert', case_id: c.caseId, invoice_id: c.invoiceId }).execute();
    await t.db.insertInto('alerts_sent').values({ org_id: f.orgId, invoice_id: c.invoiceId, case_id: c.caseId, level: 'orange', raised_on: f.today }).execute();
    const before = Number(await auditCount('case.claim'));
    const payload = buttonPayload(f, f.people.other, where,
      { id: 'claim', value: alertButton({ ...f, alertCase: c }, 'claim').value }, stack);

    const [a, b] = await Promise.all([click(stack, payload), click(stack, payload)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await stack.api.waitFor((calls) => calls.filter((x) => x.method === 'chat.postEphemeral').length === 2);
    // Both clicks' work after the ack has finished, and what it queued is sent: nothing more will come.
    await stack.slack.settled();
    await stack.deliveries.settled();

    expect(Number(await auditCount('case.claim'))).toBe(before + 1);
    const events = await t.db.selectFrom('case_events').select('type').where('case_id', '=', c.caseId).where('type', '=', 'case.claimed').execute();
    expect(events).toHaveLength(1);
    expect(stack.api.callsTo('chat.update').filter((x) => x.body.ts === where.ts)).toHaveLength(1);
    expect(stack.api.callsTo('chat.postMessage').filter((x) => x.body.thread_ts === where.ts)).toHaveLength(1);
  });
});
