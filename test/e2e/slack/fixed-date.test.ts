// Issue 14: the Slack stack runs on a clock the test sets (SLACK_NOW by default), and nothing in
// it reads the real date. The same story, told on the fixture's day and on a day five years on —
// 2031-02-28 at 00:30 in Shanghai, when it is still the 27th in UTC — says the same things,
// dates aside, and stamps what it records with the org's date on the clock it was given.
import { afterAll, describe, expect, it } from 'vitest';
import { addDays, dateIn, daysBetween, zonedInstant } from '../../../src/domain/calendar.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { slackText } from '../contract/slack-driver.js';
import {
  alertButton, buttonPayload, click, seedSlackOrg, sendCommand, SLACK_NOW, startSlackStack, TZ, type SlackFixture, type SlackStack,
} from './slack-fixture.js';

const FAR = zonedInstant(TZ, '2031-02-28', 30);   // 2031-02-27T16:30:00Z
const stacks: SlackStack[] = [];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const s of stacks) await s.close();
  for (const d of databases) await d.close();
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Every date in `text` as its distance from `today` (<today>, <today-95>, <today+7>), ISO or "Mar 1, 2031". */
function relative(text: string, today: string): string {
  const rel = (iso: string) => { const n = daysBetween(today, iso); return n === 0 ? '<today>' : `<today${n > 0 ? '+' : ''}${n}>`; };
  return text
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (iso) => rel(iso))
    .replace(new RegExp(`\\b(${MONTHS.join('|')}) (\\d{1,2}), (\\d{4})\\b`, 'g'), (_m, mon: string, d: string, y: string) =>
      rel(`${y}-${String(MONTHS.indexOf(mon) + 1).padStart(2, '0')}-${d.padStart(2, '0')}`));
}

interface Told { said: string[]; claimedOn: string; recordedOn: string; promisedIn: number; contacts: number }

/** The story, in a database of its own: a claim from the alert, a call logged, a promise a week out, the case and my cases. */
async function tell(now: Date): Promise<{ f: SlackFixture; told: Told }> {
  const t = await createTestDatabase();
  databases.push(t);
  const f = await seedSlackOrg(t.db, { now });
  const stack = await startSlackStack(t.db, { now: () => now });
  stacks.push(stack);
  const said: string[] = [];
  const step = async (what: string, act: () => Promise<unknown>) => {
    const from = stack.api.calls.length;
    await act();
    await stack.slack.settled();
    await stack.deliveries.settled(f.orgId);
    // The thread line and the alert update go out side by side: compared as a set per step.
    // Table columns are padded to the widest date shown, whose length depends on the month.
    said.push(...stack.api.calls.slice(from)
      .filter((c) => ['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'response_url'].includes(c.method))
      .map((c) => `${what} ${c.method}: ${relative(slackText(c.body), f.today).replace(/ {2,}/g, ' ').replace(/-{2,}/g, '--')}`)
      .sort());
  };
  await step('claim', () => click(stack, buttonPayload(f, f.people.sales, f.alert, alertButton(f, 'claim'), stack)));
  await step('log', () => sendCommand(stack, f, f.people.sales, 'log HDJD call reached Called the buyer', { channelId: 'CALERTS' }));
  await step('promise', () => sendCommand(stack, f, f.people.sales, `promise HDJD 1000 ${addDays(f.today, 7)} will wire it`, { channelId: 'CALERTS' }));
  await step('case', () => sendCommand(stack, f, f.people.sales, 'case HDJD', { channelId: 'CALERTS' }));
  await step('mine', () => sendCommand(stack, f, f.people.sales, 'mine', { channelId: 'CALERTS' }));

  const kase = await t.db.selectFrom('cases').select('claimed_at').where('id', '=', f.alertCase.caseId).executeTakeFirstOrThrow();
  const records = await t.db.selectFrom('collection_records').select(['recorded_at', 'method']).where('org_id', '=', f.orgId).orderBy('seq').execute();
  const promise = await t.db.selectFrom('promises').select(['promised_on']).where('org_id', '=', f.orgId).executeTakeFirstOrThrow();
  return { f, told: {
    said,
    claimedOn: relative(dateIn(TZ, kase.claimed_at!), f.today),
    recordedOn: relative(dateIn(TZ, records.find((r) => r.method === 'call')!.recorded_at), f.today),
    promisedIn: daysBetween(f.today, promise.promised_on),
    contacts: records.filter((r) => r.method !== 'note').length,
  } };
}

describe('Slack on a clock the test sets', () => {
  it('tells the same story on the fixture\'s day and on 2031-02-28 in Shanghai (still the 27th in UTC)', async () => {
    const base = await tell(SLACK_NOW);
    const far = await tell(FAR);
    expect(far.f.today).toBe('2031-02-28');
    expect(dateIn('UTC', FAR)).toBe('2031-02-27');
    // What was recorded carries the org's date on the clock given, not the real one.
    expect(far.told.claimedOn).toBe('<today>');
    expect(far.told.recordedOn).toBe('<today>');
    expect(far.told.promisedIn).toBe(7);
    expect(far.told.contacts).toBe(1);
    expect(far.told.said.length).toBeGreaterThanOrEqual(5);
    expect(far.told.said.join('\n')).toContain('<today-95>');   // the invoice's due date, 95 days before
    expect(far.told).toEqual(base.told);
  });
});
