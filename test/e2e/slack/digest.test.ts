// A digest for an org with 300 overdue customers stays within Block Kit's limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockKitViolations, LIMITS } from '../../../adapters/slack/block-kit-limits.js';
import { addDays } from '../../../src/domain/calendar.js';
import { ensureOpenCase } from '../../../src/services/cases/open-case.js';
import { testDatabase } from '../../support/db.js';
import { seedSlackOrg, sendCommand, startSlackStack, type SlackFixture, type SlackStack } from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;
const CUSTOMERS = 300;

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  const owners = [f.people.sales.id, f.people.other.id, null];
  const customers = await t.db.insertInto('customers').values(Array.from({ length: CUSTOMERS }, (_, i) => ({
    org_id: f.orgId, code: `C${String(i).padStart(3, '0')}`,
    name: i % 2 ? `华东${i}号机电设备有限公司 <!here> & Sons` : `Customer ${i} Trading Company Limited`,
    credit_grade: 'C', credit_limit_minor: 50_000_000n, payment_terms_days: 30, region: i % 3 ? 'East' : 'South',
    owner_user_id: owners[i % 3] ?? null,
  }))).returning(['id', 'code']).execute();
  await t.db.insertInto('invoices').values(customers.flatMap((c, i) => [0, 1].map((k) => {
    const due = addDays(f.today, -(5 + ((i * 7 + k * 40) % 200)));
    return { org_id: f.orgId, customer_id: c.id, number: `INV-${c.code}-${k}`, currency: 'CNY', amount_minor: BigInt(100_000 + i * 1_337 + k),
      issued_on: addDays(due, -30), due_on: due };
  }))).execute();
  for (const c of customers) await ensureOpenCase(t.db, f.orgId, c.id, f.today);
  await t.db.updateTable('case_events').set({ processed_at: new Date() }).where('org_id', '=', f.orgId).execute();
  stack = await startSlackStack(t.db);
}, 120_000);
afterAll(async () => { await stack?.close(); });

describe('the digest in Slack', () => {
  it('posts the digest of 300 overdue customers within Block Kit\'s limits', async () => {
    const res = await sendCommand(stack, f, f.people.manager, 'digest', { channelId: 'CDIGEST' });
    expect(res.status).toBe(200);
    await stack.api.waitFor((c) => c.some((x) => x.method === 'chat.postMessage'), 15_000);
    const post = stack.api.callsTo('chat.postMessage')[0]!;
    expect(post.body.channel).toBe('CDIGEST');
    const body = post.body as { text: string; blocks?: unknown[]; attachments?: { blocks?: unknown[] }[] };
    expect(blockKitViolations(body)).toEqual([]);
    const blocks = [...(body.blocks ?? []), ...(body.attachments ?? []).flatMap((a) => a.blocks ?? [])];
    expect(blocks.length).toBeGreaterThan(3);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    const shown = JSON.stringify(body);
    expect(shown).not.toContain('<!here>');
    expect(shown).toMatch(/Customer \d+ Trading|华东\d+号/);
    // Nothing went wrong on the way (an error would have been answered ephemerally).
    expect(stack.api.callsTo('chat.postEphemeral')).toHaveLength(0);
  });
});
