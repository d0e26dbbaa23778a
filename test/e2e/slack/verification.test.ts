// Every Slack request is verified before anything else: a bad one gets 401 and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { alertButton, buttonPayload, click, seedSlackOrg, sendCommand, startSlackStack, type SlackFixture, type SlackStack } from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  stack = await startSlackStack(t.db);
});
afterAll(async () => { await stack?.close(); });

async function snapshot() {
  const kase = await t.db.selectFrom('cases').select(['owner_user_id', 'version']).where('id', '=', f.alertCase.caseId).executeTakeFirstOrThrow();
  const audit = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', f.orgId).executeTakeFirstOrThrow();
  const receipts = await t.db.selectFrom('action_receipts').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', f.orgId).executeTakeFirstOrThrow();
  return { kase, audit: audit.n, receipts: receipts.n };
}

describe('request verification', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: [string, { secret?: string; timestamp?: number }][] = [
    ['a bad signature', { secret: 'not-the-signing-secret' }],
    ['a timestamp 6 minutes old', { timestamp: now() - 6 * 60 }],
    ['a timestamp 6 minutes in the future', { timestamp: now() + 6 * 60 }],
  ];

  for (const [what, opts] of cases) {
    it(`answers ${what} with 401, for a button and a command alike, and changes nothing`, async () => {
      // The good click's work (the alert update and thread post), when it ran first, is done before the recording starts (issue 14).
      await stack.slack.settled();
      await stack.deliveries.settled(f.orgId);
      const before = await snapshot();
      stack.api.reset();
      const b = await click(stack, buttonPayload(f, f.people.sales, f.alert, alertButton(f, 'claim'), stack), opts);
      const c = await sendCommand(stack, f, f.people.sales, 'claim HDJD', opts);
      expect(b.status).toBe(401);
      expect(c.status).toBe(401);
      await stack.slack.settled();   // anything the refused requests had queued is done
      expect(stack.api.calls).toEqual([]);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('lets the same button through once it is signed properly (the refusals above were the signature)', async () => {
    const res = await click(stack, buttonPayload(f, f.people.sales, f.alert, alertButton(f, 'claim'), stack));
    expect(res.status).toBe(200);
    await stack.api.waitFor((c) => c.some((x) => x.method === 'chat.update'));
    const kase = await t.db.selectFrom('cases').select('owner_user_id').where('id', '=', f.alertCase.caseId).executeTakeFirstOrThrow();
    expect(kase.owner_user_id).toBe(f.people.sales.id);
  });
});
