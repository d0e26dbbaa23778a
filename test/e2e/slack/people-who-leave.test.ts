// Issue 15, done when (Slack): a person deactivated in Slack (user_change, deleted: true, signed as
// Slack signs it) stops owning in practice: their open cases are offered to their manager in one
// direct message with an Assign button per case, the button moves the case, and until then the
// 48-hour rule treats the case as unowned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobsRuntime } from '../../../jobs/index.js';
import { zonedInstant } from '../../../src/domain/calendar.js';
import { detectReminders } from '../../../src/services/reminders/detect-reminders.js';
import { testDatabase } from '../../support/db.js';
import { postSigned } from '../../support/slack-signing.js';
import { buttonPayload, click, eventually, SECRET, seedSlackOrg, startSlackStack, TZ, type SlackFixture, type SlackStack, startSlackJobs } from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;
let rt: JobsRuntime;
// A Wednesday in working hours (the org has no holidays): the offer goes out at once.
let now = zonedInstant(TZ, '2027-03-10', 10 * 60);

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  stack = await startSlackStack(t.db);
  rt = await startSlackJobs(t.db, stack, { now: () => now });
});
afterAll(async () => { await rt?.stop(); await stack?.close(); });

const userChange = (user: Record<string, unknown>, eventId: string) => JSON.stringify({
  token: 'legacy', team_id: f.teamId, api_app_id: 'AE2E', type: 'event_callback', event_id: eventId, event_time: 1,
  event: { type: 'user_change', user: { team_id: f.teamId, name: 'li.lei', real_name: 'Li Lei', ...user }, event_ts: '1.000001', cache_ts: 1 },
});

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the person is still active in the first step,
// deactivated in the second, and the offer, the Assign button and the silence after build on that.
describe('a person deactivated in Slack', { shuffle: false }, () => {
  it('ignores a profile edit and refuses an unsigned deactivation', async () => {
    await postSigned(stack.url, SECRET, userChange({ id: f.people.other.slackId, deleted: false }, 'EvEdit1'), { contentType: 'application/json' });
    const forged = await postSigned(stack.url, 'wrong-secret', userChange({ id: f.people.other.slackId, deleted: true }, 'EvForged'), { contentType: 'application/json' });
    expect(forged.status).toBe(401);
    await stack.slack.settled();
    const u = await t.db.selectFrom('users').select('active').where('id', '=', f.people.other.id).executeTakeFirstOrThrow();
    expect(u.active).toBe(true);
  });

  it('is deactivated once, and their red case counts as unowned for the 48-hour rule', async () => {
    await t.db.insertInto('alerts_sent').values({ org_id: f.orgId, invoice_id: f.escalatedCase.invoiceId, case_id: f.escalatedCase.caseId,
      level: 'red', raised_on: '2027-03-01', created_at: zonedInstant(TZ, '2027-03-01', 10 * 60) }).execute();
    await t.db.updateTable('cases').set({ level: 'red', last_record_at: zonedInstant(TZ, '2027-03-05', 10 * 60) })
      .where('id', '=', f.escalatedCase.caseId).execute();
    // Owned and recorded since the alert: not flagged while the owner is here.
    await detectReminders(t.db, f.orgId, now);
    const flagged = () => t.db.selectFrom('reminders').select('id').where('org_id', '=', f.orgId)
      .where('kind', '=', 'red_untouched').where('case_id', '=', f.escalatedCase.caseId).execute();
    expect(await flagged()).toHaveLength(0);

    for (const id of ['EvLeft1', 'EvLeft1', 'EvLeft2']) {   // a retry and a second event: one deactivation
      const res = await postSigned(stack.url, SECRET, userChange({ id: f.people.other.slackId, deleted: true }, id), { contentType: 'application/json' });
      expect(res.status).toBe(200);
    }
    await stack.slack.settled();
    const u = await eventually(async () => {
      const r = await t.db.selectFrom('users').select(['active', 'deactivated_at']).where('id', '=', f.people.other.id).executeTakeFirstOrThrow();
      return r.active ? null : r;
    });
    expect(u.deactivated_at).not.toBeNull();
    const audits = await t.db.selectFrom('audit_log').select('actor').where('org_id', '=', f.orgId).where('action', '=', 'user.deactivate').execute();
    expect(audits).toEqual([{ actor: 'slack:user_deleted' }]);

    await detectReminders(t.db, f.orgId, now);
    expect(await flagged()).toHaveLength(1);
  });

  it('offers their cases to the manager in one message, and the Assign button moves the case', async () => {
    const offers = await t.db.selectFrom('reminders').select(['user_id', 'about_user_id']).where('org_id', '=', f.orgId)
      .where('kind', '=', 'owner_left').execute();
    expect(offers).toEqual([{ user_id: f.people.manager.id, about_user_id: f.people.other.id }]);
    stack.api.reset();
    await rt.sweepReminders(f.orgId);
    await stack.api.waitFor((c) => c.some((x) => x.method === 'chat.postMessage' && x.body.channel === `D${f.people.manager.slackId}`
      && JSON.stringify(x.body).includes('"take"')), 15_000);
    const dm = stack.api.callsTo('chat.postMessage').find((x) => JSON.stringify(x.body).includes('"take"'))!;
    const shown = JSON.stringify(dm.body);
    expect(shown).toContain('Pearl River Trading');
    expect(shown).not.toContain('HDJD');   // nobody owned that one
    const elements = [...(dm.body.blocks ?? []), ...((dm.body.attachments ?? []) as { blocks?: unknown[] }[]).flatMap((a) => a.blocks ?? [])]
      .flatMap((b: any) => (b.type === 'actions' ? b.elements : []));
    const take = elements.filter((e: any) => e.action_id === 'take');
    expect(take).toHaveLength(1);

    // Sales may not take it (assigning is for managers and finance).
    await click(stack, buttonPayload(f, f.people.sales, { channelId: dm.body.channel, ts: '1700000000.000900' }, { id: 'take', value: take[0].value }, stack));
    await stack.slack.settled();
    let owner = await t.db.selectFrom('cases').select('owner_user_id').where('id', '=', f.escalatedCase.caseId).executeTakeFirstOrThrow();
    expect(owner.owner_user_id).toBe(f.people.other.id);

    const res = await click(stack, buttonPayload(f, f.people.manager, { channelId: dm.body.channel, ts: '1700000000.000900' }, { id: 'take', value: take[0].value }, stack));
    expect(res.status).toBe(200);
    owner = await eventually(async () => {
      const r = await t.db.selectFrom('cases').select('owner_user_id').where('id', '=', f.escalatedCase.caseId).executeTakeFirstOrThrow();
      return r.owner_user_id === f.people.manager.id ? r : null;
    });
    expect(owner.owner_user_id).toBe(f.people.manager.id);
    // Nothing the person recorded changed: the escalation they requested is still theirs.
    const esc = await t.db.selectFrom('escalations').select('requested_by').where('id', '=', f.escalation.id).executeTakeFirstOrThrow();
    expect(esc.requested_by).toBe(f.people.other.id);
  });

  it('sends the person who left no more reminders', async () => {
    now = zonedInstant(TZ, '2027-03-11', 10 * 60);
    await t.db.updateTable('cases').set({ owner_user_id: f.people.other.id, next_action_on: '2027-03-11' }).where('id', '=', f.alertCase.caseId).execute();
    await detectReminders(t.db, f.orgId, now);
    const mine = await t.db.selectFrom('reminders').select('id').where('org_id', '=', f.orgId).where('user_id', '=', f.people.other.id).execute();
    expect(mine).toHaveLength(0);
  });
});
