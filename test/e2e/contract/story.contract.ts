// The chat story, written once and run through every adapter (console.test.ts, slack.test.ts,
// lark.test.ts): on the demo org, a salesperson takes the digest, claims an unclaimed red case from
// its Claim button, logs three written records and the customer's refusal, and asks for legal
// escalation; another salesperson's approval is refused and changes nothing; a manager approves.
// Every platform must leave the SAME outcome in the database (issue 4: "the same scripted story …
// passes through Lark and through Slack with the same outcome in the database").
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAction } from '../../../src/chat/action-payload.js';
import { digestInput } from '../../../src/chat/present.js';
import { digestView } from '../../../src/chat/views/digest.js';
import { verifyRecordChain } from '../../../src/services/audit.js';
import { digestData } from '../../../src/services/cases/index.js';
import { loadDemoOrg } from '../../../src/services/demo/index.js';
import type { Db } from '../../../src/store/connection.js';
import { testDatabase } from '../../support/db.js';
import { AS_OF, demoOrgId, type Driver } from './driver.js';

export const SALES = 'liu.yang@demo.duebot.local';          // sales, east; zh-CN, switches to English
export const OTHER_SALES = 'zhang.wei@demo.duebot.local';   // sales, east; zh-CN; no Slack identity in the demo
export const MANAGER = 'chen.jing@demo.duebot.local';       // manager; zh-CN

export const LOGS = [
  { method: 'letter', outcome: null, body: 'First reminder letter sent by post' },
  { method: 'email', outcome: null, body: 'Statement of account emailed to finance' },
  // User text is text on every platform: Slack escapes < > & in a slash command, the adapter
  // unescapes; the record must hold what was typed.
  { method: 'lawyer_letter', outcome: null, body: 'Lawyer\'s letter: pay within 7 days <!channel> & costs' },
  { method: 'call', outcome: 'refused', body: 'Customer refuses to pay, disputes nothing' },
] as const;
export const ESCALATION_REASON = 'Three written notices and a refusal: hand to legal';

/**
 * The case the story works: an open red case with no owner and no records, with a Claim button on
 * the digest (the worst cases are listed; the first such one in the digest's order).
 */
export async function pickStoryCase(db: Db, orgId: number): Promise<{ id: number; code: string }> {
  const digest = digestView(digestInput(await digestData(db, orgId, { today: AS_OF }), orgId), 'en-US');
  const claimable = (digest.actions ?? []).filter((a) => a.id === 'claim').map((a) => decodeAction(a.value)?.case);
  for (const caseId of claimable) {
    if (caseId === undefined) continue;
    const row = await db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['cases.id', 'customers.code'])
      .where('cases.org_id', '=', orgId).where('cases.id', '=', caseId)
      .where('cases.level', '=', 'red').where('cases.owner_user_id', 'is', null).where('cases.status', '=', 'open')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('collection_records').select('id').whereRef('collection_records.case_id', '=', 'cases.id'))))
      .executeTakeFirst();
    if (row) return row;
  }
  throw new Error('the demo digest shows no unclaimed red case without records');
}

/** What the story leaves in the database about its case, without ids or times: equal on every platform. */
export async function storyOutcome(db: Db, orgId: number, caseId: number, auditAfter: bigint) {
  const kase = await db.selectFrom('cases').leftJoin('users', 'users.id', 'cases.owner_user_id')
    .select(['cases.status', 'cases.stage', 'cases.level', 'users.email as owner'])
    .where('cases.org_id', '=', orgId).where('cases.id', '=', caseId).executeTakeFirstOrThrow();
  const records = await db.selectFrom('collection_records').leftJoin('users', 'users.id', 'collection_records.author_user_id')
    .select(['collection_records.method', 'collection_records.outcome', 'collection_records.body', 'users.email as author'])
    .where('collection_records.org_id', '=', orgId).where('collection_records.case_id', '=', caseId)
    .orderBy('collection_records.seq').execute();
  const escalations = await db.selectFrom('escalations as e').innerJoin('users as r', 'r.id', 'e.requested_by')
    .leftJoin('users as d', 'd.id', 'e.decided_by')
    .select(['e.kind', 'e.status', 'e.reason', 'e.override_reason as overrideReason', 'e.decision_note as decisionNote',
      'r.email as requestedBy', 'd.email as decidedBy'])
    .where('e.org_id', '=', orgId).where('e.case_id', '=', caseId).orderBy('e.id').execute();
  const audit = await db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['audit_log.action', 'users.email as actor'])
    .where('audit_log.org_id', '=', orgId).where('audit_log.id', '>', auditAfter).orderBy('audit_log.id').execute();
  const events = await db.selectFrom('case_events').select(['type', 'processed_at'])
    .where('org_id', '=', orgId).where('case_id', '=', caseId).orderBy('id').execute();
  return {
    case: kase, records, escalations, audit,
    events: events.map((e) => e.type),
    /** Events no platform has shown yet (the adapter publishes after answering). */
    unpublishedEvents: events.filter((e) => e.processed_at === null).length,
  };
}

/** Everything a request could change; `receipts`: also the idempotency and event receipts. */
async function state(db: Db, orgId: number, caseId: number, opts: { receipts: boolean }) {
  const count = async (table: 'audit_log' | 'case_events' | 'collection_records' | 'escalations' | 'promises' | 'action_receipts') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n);
  const kase = await db.selectFrom('cases').select(['status', 'stage', 'owner_user_id', 'version', 'claimed_at', 'snoozed_until'])
    .where('org_id', '=', orgId).where('id', '=', caseId).executeTakeFirstOrThrow();
  const escalations = await db.selectFrom('escalations').select(['id', 'status', 'decided_by', 'decision_note'])
    .where('org_id', '=', orgId).where('case_id', '=', caseId).orderBy('id').execute();
  return {
    case: kase, escalations,
    audit: await count('audit_log'), events: await count('case_events'), records: await count('collection_records'),
    allEscalations: await count('escalations'), promises: await count('promises'),
    ...(opts.receipts ? { receipts: await count('action_receipts') } : {}),
  };
}

const since = (d: Driver, from: number) => d.transcript().slice(from);

/**
 * Differences from the contract an adapter has today, each a bug to fix. A test named here is run
 * expecting it to fail (it.fails), so the file stays green and the day the bug is fixed it turns
 * red: then remove the mark.
 */
export type KnownBug =
  /** After a button decides an escalation, the card the button sat on still shows Approve / Reject. */
  | 'decision_not_shown_on_request_card';

export interface ContractOptions { knownBugs?: KnownBug[] }

export function storyContract(makeDriver: () => Driver, opts: ContractOptions = {}): void {
  const bugs = new Set(opts.knownBugs ?? []);
  const itUnless = (bug: KnownBug) => (bugs.has(bug) ? it.fails : it);
  const t = testDatabase();
  const d = makeDriver();
  let orgId: number;
  let kase: { id: number; code: string };
  let auditMark: bigint;
  let demoRecords: number;
  let approved = '';    // what the bot sent when the manager approved

  beforeAll(async () => {
    const loaded = await loadDemoOrg(t.db, { asOf: AS_OF });
    orgId = await demoOrgId(t.db);
    demoRecords = loaded.counts.collection_records ?? 0;
    kase = await pickStoryCase(t.db, orgId);
    await d.setup(t.db);
    // What the story does starts here (setting up may link a workspace, which is audited).
    const mark = await t.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    auditMark = BigInt(mark.id ?? 0);
  });
  afterAll(async () => {
    // CONTRACT_TRANSCRIPTS=<dir>: keep what the bot said on each platform, to read them side by side.
    const dir = process.env.CONTRACT_TRANSCRIPTS;
    if (dir) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${d.platform}.txt`), d.transcript());
    }
    await d.teardown();
  });

  // A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the story's steps build on each other: the digest's Claim button, then the claim it makes, then the records on that case.
  describe(`the chat story on ${d.platform}`, { shuffle: false }, () => {
    it('posts the digest with a Claim button for an unclaimed red case', async () => {
      await d.as(SALES);
      await d.command('lang en');
      const from = d.transcript().length;
      await d.command('digest');
      const out = since(d, from);
      expect(out).toContain('Overdue digest');
      expect(out).toContain(`Claim ${kase.code}`);
    });

    it('claims the case with the digest\'s Claim button', async () => {
      const from = d.transcript().length;
      await d.press('claim', kase.code);
      const owner = await t.db.selectFrom('cases').innerJoin('users', 'users.id', 'cases.owner_user_id').select('users.email')
        .where('cases.id', '=', kase.id).executeTakeFirst();
      expect(owner?.email).toBe(SALES);
      expect(since(d, from)).toMatch(/You own .+ now\./);
    });

    it('takes the same claim delivered twice once: the second delivery changes nothing', async () => {
      const before = await state(t.db, orgId, kase.id, { receipts: true });
      await d.replay();
      expect(await state(t.db, orgId, kase.id, { receipts: true })).toEqual(before);
      expect(before.case.owner_user_id).not.toBeNull();
    });

    it('shows the owner the case card, with a Release button', async () => {
      const from = d.transcript().length;
      await d.command(`case ${kase.code}`);
      expect(since(d, from)).toContain(kase.code);
    });

    it('logs three written records and the customer\'s refusal, in order', async () => {
      const from = d.transcript().length;
      for (const l of LOGS) await d.command(`log ${kase.code} ${l.method}${l.outcome ? ` ${l.outcome}` : ''} ${l.body}`);
      const records = await t.db.selectFrom('collection_records').select(['method', 'outcome', 'body'])
        .where('org_id', '=', orgId).where('case_id', '=', kase.id).orderBy('seq').execute();
      expect(records).toEqual(LOGS.map((l) => ({ method: l.method, outcome: l.outcome, body: l.body })));
      expect(since(d, from).match(/logged for /g)).toHaveLength(4);
    });

    it('answers a click on a card drawn before the records with the case as it is now, and changes nothing', async () => {
      const before = await state(t.db, orgId, kase.id, { receipts: false });
      const from = d.transcript().length;
      await d.press('release');   // on the case card shown before the four records changed the case
      expect(await state(t.db, orgId, kase.id, { receipts: false })).toEqual(before);
      const out = since(d, from);
      expect(out).toContain('This card is out of date, so nothing was changed.');
      expect(out).toContain('Customer refuses to pay');   // the current card shows the latest record
    });

    it('asks for legal escalation and shows the request with Approve and Reject', async () => {
      const from = d.transcript().length;
      await d.command(`escalate ${kase.code} ${ESCALATION_REASON}`);
      const esc = await t.db.selectFrom('escalations').select(['status', 'kind']).where('case_id', '=', kase.id).execute();
      expect(esc).toEqual([{ status: 'pending', kind: 'legal' }]);
      const out = since(d, from);
      // The request is for the managers: in the org's language (zh-CN), with its evidence.
      expect(out).toMatch(new RegExp(`法律升级申请：.*\\(${kase.code}\\)`));
      expect(out).toContain('Customer refuses to pay, disputes nothing');
      expect(out).toContain('批准');
    });

    it('refuses another salesperson\'s approval, by button and by command, and changes nothing', async () => {
      const before = await state(t.db, orgId, kase.id, { receipts: false });
      await d.as(OTHER_SALES);
      const from = d.transcript().length;
      await d.press('approve');
      await d.command(`approve ${kase.code} a salesperson approving`);
      expect(await state(t.db, orgId, kase.id, { receipts: false })).toEqual(before);
      expect(since(d, from).match(/你没有权限执行此操作。/g)).toHaveLength(2);
    });

    it('lets a manager approve with the button: the case goes to legal and the owner is told', async () => {
      await d.as(MANAGER);
      const from = d.transcript().length;
      await d.press('approve');
      const esc = await t.db.selectFrom('escalations').innerJoin('users', 'users.id', 'escalations.decided_by')
        .select(['escalations.status', 'users.email']).where('escalations.case_id', '=', kase.id).executeTakeFirstOrThrow();
      expect(esc).toEqual({ status: 'approved', email: MANAGER });
      approved = since(d, from);
      expect(approved).toMatch(/已批准 .* 的法律升级/);   // the manager's answer, in Chinese
      expect(approved).toContain('Approved by');          // the owner's direct message, in English
    });

    itUnless('decision_not_shown_on_request_card')('shows the decision on the request card the manager pressed', () => {
      // The card in the org's language: its buttons give way to "由 <manager> 批准" (approved by).
      expect(approved).toMatch(/由 .+ 批准/);
    });

    it('leaves the same outcome in the database on every platform, with the record chain intact', async () => {
      const outcome = await storyOutcome(t.db, orgId, kase.id, auditMark);
      expect(outcome).toEqual({
        case: { status: 'legal', stage: 'legal', level: 'red', owner: SALES },
        records: LOGS.map((l) => ({ method: l.method, outcome: l.outcome, body: l.body, author: SALES })),
        escalations: [{ kind: 'legal', status: 'approved', reason: ESCALATION_REASON, overrideReason: null, decisionNote: null,
          requestedBy: SALES, decidedBy: MANAGER }],
        audit: [
          { action: 'user.locale', actor: SALES },
          { action: 'case.claim', actor: SALES },
          ...LOGS.map(() => ({ action: 'record.log', actor: SALES })),
          { action: 'escalation.request', actor: SALES },
          { action: 'escalation.approve', actor: MANAGER },
        ],
        events: ['case.claimed', ...LOGS.map(() => 'record.logged'), 'escalation.requested', 'escalation.decided'],
        unpublishedEvents: 0,
      });
      expect(await verifyRecordChain(t.db, orgId)).toEqual({ ok: true, checked: demoRecords + LOGS.length });
    });
  });
}
