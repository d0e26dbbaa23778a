// The chat layer's answer carries how it ended and in which language (issue 8): adapters read
// `outcome` and `locale`, never the reply's shape or its script.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createChat } from '../../../src/chat/router.js';
import { encodeAction } from '../../../src/chat/action-payload.js';
import type { ChatRequest } from '../../../src/chat/request.js';
import { testDatabase } from '../../support/db.js';
import { addCustomer, seedOrg, TODAY, type OrgFixture } from '../services/fixtures.js';

const t = testDatabase();
const chat = () => createChat({ db: t.db, log: pino({ level: 'silent' }), now: () => new Date(`${TODAY}T04:00:00Z`),
  // These tests read the answer only; nothing is published.
  outbox: { publish: async () => undefined } });
const as = (org: OrgFixture, who: 'sales' | 'manager', key?: string): ChatRequest =>
  ({ platform: 'console', workspaceId: org.slug, channelId: 'ar', externalUserId: org[who].email, ...(key ? { idempotencyKey: key } : {}) });

async function setup() {
  const org = await seedOrg(t.db);
  await addCustomer(t.db, org.orgId, { code: 'C1', name: 'Acme', invoices: [{ number: 'I-1', amount: 100_000n, daysOverdue: 45 }] });
  return org;
}

describe('chat responses', () => {
  it('says done, in the asker\'s language, and follows /ar lang at once', async () => {
    const org = await setup();
    const c = chat();
    expect(await c.handleText(as(org, 'sales'), 'claim C1')).toMatchObject({ outcome: 'done', locale: 'en-US' });
    const switched = await c.handleText(as(org, 'sales'), 'lang zh');
    expect(switched).toMatchObject({ outcome: 'done', locale: 'zh-CN' });
    expect(await c.handleText(as(org, 'sales'), 'mine')).toMatchObject({ outcome: 'done', locale: 'zh-CN' });
  });

  it('says refused for bad input, a coded refusal and a refusal a command answers itself — each changing nothing', async () => {
    const org = await setup();
    const c = chat();
    const usage = await c.handleText(as(org, 'sales'), 'claim');
    const forbidden = await c.handleText(as(org, 'sales'), 'approve C1');
    const evidence = await c.handleText(as(org, 'manager'), 'escalate C1 no payment');
    for (const r of [usage, forbidden, evidence]) {
      expect(r).toMatchObject({ outcome: 'refused', locale: 'en-US', changedCaseIds: [] });
      expect(r.reply?.ephemeral).toBe(true);
    }
    // The refusal says whether this person may override the missing evidence (the service's rule).
    expect(JSON.stringify(evidence.reply)).toMatch(/overrid/i);
  });

  it('says refused for a click on an out-of-date card, and shows the current card', async () => {
    const org = await setup();
    const c = chat();
    const claimed = await c.handleText(as(org, 'sales'), 'claim C1');
    const caseId = claimed.changedCaseIds[0]!;
    const old = encodeAction({ v: 1, org: org.orgId, case: caseId, ver: 1 });
    const r = await c.handleButton({ ...as(org, 'sales', 'click-1'), actionId: 'release', value: old });
    expect(r).toMatchObject({ outcome: 'refused', locale: 'en-US', changedCaseIds: [] });
  });

  it('refuses an unknown org in the default language (no one to ask for theirs)', async () => {
    const r = await chat().handleText({ platform: 'console', workspaceId: 'no-such-org', channelId: 'ar', externalUserId: 'x@example.com' }, 'mine');
    expect(r).toMatchObject({ outcome: 'refused', locale: 'zh-CN', changedCaseIds: [] });
  });

  it('answers an unknown org in the configured default language (DUEBOT_LOCALE, handed in by the CLI)', async () => {
    const english = createChat({ db: t.db, log: pino({ level: 'silent' }), outbox: { publish: async () => {} }, locale: 'en-US' });
    const r = await english.handleText({ platform: 'console', workspaceId: 'no-such-org', channelId: 'ar', externalUserId: 'x@example.com' }, 'mine');
    expect(r).toMatchObject({ outcome: 'refused', locale: 'en-US', changedCaseIds: [] });
  });
});
