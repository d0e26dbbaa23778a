import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { addDays } from '../../../src/domain/calendar.js';
import { createChat } from '../../../src/chat/router.js';
import type { Chat } from '../../../src/chat/chat.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addCustomer, addInvoice, addUser, Clock, drained, makeRuntime, seedOrg, silent, subscribe, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';
const TODAY = '2026-03-10';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the alert posted first is the one the claim updates, and the write-off request then goes to the same channels.
describe('chat-driven case updates with a jobs runtime', { shuffle: false }, () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date()).at(TZ, TODAY, '10:00');
  let jobs: JobsRuntime;
  let chat: Chat;
  let orgId: number;
  let caseId: number;

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'case-updates-org', TZ);
    await t.db.insertInto('workspaces').values({ org_id: orgId, platform: 'slack', external_id: 'T-CU', name: 'CU' }).execute();
    await addUser(t.db, orgId, { name: 'Lin', role: 'sales', slack: 'U-LIN' });
    await addUser(t.db, orgId, { name: 'Wang', role: 'manager', slack: 'U-WANG' });
    await addUser(t.db, orgId, { name: 'Zhou', role: 'finance', slack: 'U-ZHOU' });
    await subscribe(t.db, orgId, { kind: 'alerts', channel: 'C-ALERTS' });
    await t.db.insertInto('channel_subscriptions').values({ org_id: orgId, platform: 'slack', channel_id: 'C-ESC', kind: 'escalations',
      region: null, product: null, at_time: null }).execute();
    const cust = await addCustomer(t.db, orgId, { code: 'QUEUED1' });
    await addInvoice(t.db, orgId, cust, { number: 'Q-1', amount: 5000_00n, dueOn: addDays(TODAY, -31) });
    jobs = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: testPrefix(), ports: { slack }, clock });
    await jobs.start();
    await jobs.runAgingScan(orgId);
    await drained(t.db, orgId);
    caseId = (await t.db.selectFrom('chat_messages').select('case_id').where('org_id', '=', orgId).where('kind', '=', 'alert').executeTakeFirstOrThrow()).case_id!;
    chat = createChat({ db: t.db, log: silent, now: clock.now, outbox: jobs.caseOutbox });
  });
  afterAll(async () => { await jobs?.stop(); });

  it('delivers the alert update and the thread line of a claim through the delivery queue, once', async () => {
    expect(slack.posts('C-ALERTS')).toHaveLength(1);   // the alert itself
    const alert = slack.posts('C-ALERTS')[0]!;
    const res = await chat.handleText({ platform: 'slack', workspaceId: 'T-CU', channelId: 'C-ALERTS', externalUserId: 'U-LIN' }, 'claim QUEUED1');
    // The claim went through (a refusal changes no case and carries an error reference).
    expect(res.changedCaseIds).toEqual([caseId]);
    expect(res.reply?.errorRef).toBeUndefined();
    await chat.publishCaseUpdates([caseId]);
    await drained(t.db, orgId);

    // The claim's event caused one update of the alert and one line in its thread, each sent once.
    const claim = await t.db.selectFrom('case_events').select('id').where('org_id', '=', orgId).where('case_id', '=', caseId)
      .where('type', '=', 'case.claimed').executeTakeFirstOrThrow();
    const rows = await t.db.selectFrom('deliveries').select(['kind', 'status']).where('org_id', '=', orgId)
      .where('case_event_id', '=', claim.id).orderBy('id').execute();
    expect(rows.map((r) => [r.kind, r.status])).toEqual([['update', 'sent'], ['thread', 'sent']]);
    const updates = slack.updates();
    expect(updates).toHaveLength(1);
    expect(updates[0]!.channelId).toBe('C-ALERTS');
    expect(JSON.stringify(updates[0]!.message)).toContain('Lin');   // claimed by
    const replies = slack.posts('C-ALERTS').filter((c) => c.threadOf);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.threadOf!.messageId).toBe(alert.ref!.messageId);

    // The same case published again (another process, a retry): nothing more is sent.
    const calls = slack.calls.length;
    await chat.publishCaseUpdates([caseId]);
    // Even with its events put back (a publish that failed after queuing): the dedupe keys hold.
    await t.db.updateTable('case_events').set({ processed_at: null }).where('org_id', '=', orgId).where('case_id', '=', caseId)
      .where('type', '<>', 'alert.raised').execute();
    await chat.publishCaseUpdates([caseId]);
    await drained(t.db, orgId);
    expect(slack.calls.length).toBe(calls);
    const n = await t.db.selectFrom('deliveries').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);   // the alert, its update, its thread line
  });

  // The case claimed by Lin above: Zhou (finance) proposes, Wang (manager) decides.
  it('posts a write-off request card through the queue, then updates it with the decision and tells the requester and the owner', async () => {
    const zhou = { platform: 'slack' as const, workspaceId: 'T-CU', channelId: 'C-ALERTS', externalUserId: 'U-ZHOU' };
    const proposed = await chat.handleText(zhou, 'writeoff Q-1 the customer went bankrupt');
    expect(proposed.changedCaseIds).toEqual([caseId]);
    expect(proposed.reply?.errorRef).toBeUndefined();
    await chat.publishCaseUpdates([caseId]);
    await drained(t.db, orgId);
    const cards = await t.db.selectFrom('chat_messages').selectAll().where('org_id', '=', orgId).where('kind', '=', 'escalation').execute();
    expect(cards).toHaveLength(1);
    expect(cards[0]!.channel_id).toBe('C-ESC');
    expect(slack.posts('C-ESC')).toHaveLength(1);
    expect(slack.posts('C-ESC')[0]!.ref!.messageId).toBe(cards[0]!.message_id);

    const approved = await chat.handleText({ ...zhou, channelId: 'C-ESC', externalUserId: 'U-WANG' }, 'approve QUEUED1 agreed');
    expect(approved.changedCaseIds).toEqual([caseId]);
    expect(approved.reply?.errorRef).toBeUndefined();
    await chat.publishCaseUpdates([caseId]);
    await drained(t.db, orgId);
    const decided = slack.updates().filter((u) => u.channelId === 'C-ESC');
    expect(decided).toHaveLength(1);
    expect(decided[0]!.ref!.messageId).toBe(cards[0]!.message_id);
    expect(slack.dms('U-ZHOU')).toHaveLength(1);   // the requester
    expect(slack.dms('U-LIN')).toHaveLength(1);    // the owner
    const kinds = await t.db.selectFrom('deliveries').select(['kind', 'status']).where('org_id', '=', orgId)
      .where('kind', 'in', ['escalation_request', 'escalation_decision', 'dm']).orderBy('id').execute();
    expect(kinds.map((k) => [k.kind, k.status])).toEqual([['escalation_request', 'sent'], ['escalation_decision', 'sent'], ['dm', 'sent'], ['dm', 'sent']]);
  });
});
