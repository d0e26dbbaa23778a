// Issue 10 (DOMAIN.md stages: 预催收, pre_due_days, default 3): the owner of a customer whose
// invoices fall due in three days hears so privately on Slack, once, at the start of the working
// day — through the real jobs runtime, the real Slack port and the strict fake Web API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addDays } from '../../../src/domain/calendar.js';
import { testDatabase } from '../../support/db.js';
import { eventually, seedSlackOrg, startSlackStack, type SlackFixture, type SlackStack, startSlackJobs } from './slack-fixture.js';

// The jobs' clock: a Tuesday, noon in Shanghai (the org's working day has begun).
const NOW = new Date('2026-03-10T04:00:00Z');
const TODAY = '2026-03-10';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;
let rt: JobsRuntime;

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  stack = await startSlackStack(t.db);
  rt = await startSlackJobs(t.db, stack, { now: () => NOW });
}, 60_000);
afterAll(async () => { await rt?.stop(); await stack?.close(); });

const postsWith = (text: string) => stack.api.calls.filter((c) => c.method === 'chat.postMessage' && JSON.stringify(c.body).includes(text));

describe('Slack: the pre-due reminder', () => {
  it('tells the owner privately what falls due in three days, once however often the sweep runs', async () => {
    const owner = f.people.sales;
    const c = await t.db.insertInto('customers').values({ org_id: f.orgId, code: 'PREDUE', name: 'Predue Trading', credit_grade: 'B',
      credit_limit_minor: 100_000_000n, payment_terms_days: 30, region: 'East', owner_user_id: owner.id }).returning('id').executeTakeFirstOrThrow();
    const due = addDays(TODAY, 3);
    await t.db.insertInto('invoices').values([
      { org_id: f.orgId, customer_id: c.id, number: 'PRE-1', currency: 'CNY', amount_minor: 1_200_00n, issued_on: addDays(due, -30), due_on: due, region: 'East' },
      { org_id: f.orgId, customer_id: c.id, number: 'PRE-LATER', currency: 'CNY', amount_minor: 300_00n, issued_on: addDays(due, -29), due_on: addDays(due, 1), region: 'East' },
    ]).execute();

    await rt.sweepReminders(f.orgId);
    const [post] = await eventually(() => { const p = postsWith('PRE-1'); return p.length > 0 ? p : null; }, 20_000);
    // A direct message: the channel Slack opened for the owner, never a shared channel.
    const open = stack.api.calls.find((x) => x.method === 'conversations.open' && JSON.stringify(x.body).includes(owner.slackId));
    expect(open).toBeDefined();
    expect(String(post!.body.channel)).toMatch(/^D/);
    const text = JSON.stringify(post!.body);
    expect(text).toContain('PRE-1');
    expect(text).not.toContain('PRE-LATER');

    await rt.sweepReminders(f.orgId);   // again the same day: nothing more
    await eventually(async () => (await t.db.selectFrom('deliveries').select('status').where('org_id', '=', f.orgId)
      .where('kind', '=', 'reminder').execute()).every((d) => d.status === 'sent' || d.status === 'dropped'), 20_000);
    expect(postsWith('PRE-1')).toHaveLength(1);
  });
});
