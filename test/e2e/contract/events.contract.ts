// One contract test per case event type (issue 8): every type in CASE_EVENTS that posts, threads or
// updates is raised on each platform (console, Slack, Lark: events-*.test.ts, one driver each) —
// by a command typed there, or by the job that raises it — and then what its row in CASE_EVENTS
// says it causes is delivered: every delivery sent, each exactly once (one 'sent' attempt; on Slack
// and Lark one API call carrying its delivery id), rendered the same way on every platform (the
// neutral rendering of each delivery equals one golden file per event type, shared by the three).
// Table-driven: STEPS is typed over every CaseEventType, so a new type without a case fails tsc, and
// a type marked 'no_messages' whose row causes messages fails the first test.
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_EVENT_TYPES, CASE_EVENTS, type CaseEventType } from '../../../src/domain/case-events.js';
import type { Message, Rich } from '../../../src/chat/message.js';
import { addDays, zonedInstant } from '../../../src/domain/calendar.js';
import { addOrg } from '../../../src/services/orgs.js';
import { assignCase } from '../../../src/services/cases/index.js';
import { actorByEmail } from '../../../src/services/identity.js';
import { importFile } from '../../../src/services/import/index.js';
import { detectReminders } from '../../../src/services/reminders/detect-reminders.js';
import { raiseLimitationWarnings } from '../../../src/services/legal/limitation.js';
import { raiseWriteoffReview } from '../../../src/services/credit/writeoff-review.js';
import { raiseRerating } from '../../../src/services/credit/raise-rerating.js';
import type { Db } from '../../../src/store/connection.js';
import { createDeliveryKinds } from '../../../jobs/delivery/kinds/index.js';
import type { DeliveryRow } from '../../../jobs/delivery/delivery-log.js';
import { defaultJobViews } from '../../../jobs/views.js';
import { testDatabase } from '../../support/db.js';
import { expectGolden } from '../../support/golden.js';
import { AS_OF, DEMO_SLUG, NOW, type Driver, type DriverOptions } from './driver.js';
import { createMailer, type Mailer } from '../../../src/services/email/mailer.js';
import { startSmtpSink, type SmtpSink } from '../../../src/services/email/smtp-sink.js';

const ADMIN = 'admin@events.example';
const SALES = 'sales@events.example';
const MANAGER = 'manager@events.example';
const FINANCE = 'finance@events.example';

/** Customers, each with overdue invoices on AS_OF (days overdue chosen away from the 30/60/90 edges). */
const CUSTOMERS = [
  { code: 'EVA', name: 'Eastern Valves', invoices: [{ number: 'A-1', amount: '5000.00', days: 95 }, { number: 'A-2', amount: '1200.00', days: 40 }] },
  { code: 'EVB', name: 'Bright Paper', invoices: [{ number: 'B-1', amount: '800.00', days: 62 }] },
  { code: 'EVC', name: 'Coastal Tiles', invoices: [{ number: 'C-1', amount: '300.00', days: 32 }] },
  // Due 2½ years ago: its limitation period (民法典 188, three years) ends about 200 days after AS_OF,
  // so the daily scan on AS_OF warns of nothing; the limitation pass 120 days later does.
  { code: 'EVD', name: 'Delta Glass', invoices: [{ number: 'D-1', amount: '700.00', days: 3 * 365 - 200 }] },
  // Issue 11: emails to this customer's billing desk (its own case, so the other steps' cards stay as they were).
  { code: 'EVE', name: 'Echo Metals', invoices: [{ number: 'E-1', amount: '900.00', days: 34 }] },
] as const;

/** EVE's billing desk: the address the emails go to (the sink refuses it for the bounce). */
const EVE_CONTACT = 'ap@echo-metals.example';

/** Issue 11: `/ar remind EVE` and Send, then what the send raised delivered too (the thread line of its answer). */
async function sendReminder(c: StepContext, kind: string): Promise<void> {
  await c.as(SALES);
  await c.command(`remind EVE ${kind}`);
  await c.d.press('email_send');
  await c.d.deliveries.settled(c.orgId);
  await c.d.deliveries.runtime.processOutbox();
  await c.d.deliveries.settled(c.orgId);
}

interface StepContext { db: Db; d: Driver; orgId: number; as(email: string): Promise<void>; command(text: string): Promise<void>; sink: SmtpSink }

/** How each event type is raised: by commands on the platform, or by the job or service that raises it. */
interface Step { what: string; raise(c: StepContext): Promise<void> }

const pay = (c: StepContext, rows: [string, string][], paidOn = AS_OF) => importFile(c.db, { orgId: c.orgId, kind: 'payments', now: NOW,
  input: Readable.from([`invoice_number,amount,paid_on\n${rows.map(([n, a]) => `${n},${a},${paidOn}`).join('\n')}\n`]) });

/** In the order they run (later steps rely on earlier ones: the alert first, the records before the escalation). */
export const STEPS: { readonly [T in CaseEventType]: Step | 'no_messages' } = {
  'alert.raised': { what: 'the aging scan', raise: async (c) => { await c.d.deliveries.runtime.runAgingScan(c.orgId); } },
  'case.opened': 'no_messages',
  'case.claimed': { what: '/ar claim', raise: async (c) => { await c.as(SALES); await c.command('claim EVA'); } },
  'record.logged': { what: '/ar log ×3 (written records for the escalation rule)', raise: async (c) => {
    await c.as(SALES);
    for (const l of ['letter First reminder letter', 'email Statement of account sent', 'lawyer_letter Pay within 7 days']) await c.command(`log EVA ${l}`);
  } },
  'promise.made': { what: '/ar promise', raise: async (c) => { await c.as(SALES); await c.command(`promise EVA 100 ${addDays(AS_OF, 1)} will wire it`); } },
  'promise.broken': { what: 'the reminders sweep after the promised day', raise: async (c) => {
    await detectReminders(c.db, c.orgId, zonedInstant('Asia/Shanghai', addDays(AS_OF, 10), 10 * 60));
  } },
  'case.snoozed': { what: '/ar snooze', raise: async (c) => { await c.as(SALES); await c.command('snooze EVA 2 waiting for their AP run'); } },
  'case.assigned': { what: 'assignCase (a manager assigns)', raise: async (c) => {
    const manager = await actorByEmail(c.db, c.orgId, MANAGER);
    const sales = await actorByEmail(c.db, c.orgId, SALES);
    await assignCase(c.db, manager, { customer: 'EVC', assignee: { userId: sales.userId } }, { today: AS_OF });
  } },
  'case.released': { what: '/ar release', raise: async (c) => { await c.as(SALES); await c.command('release EVC'); } },
  'plan.made': { what: '/ar plan by finance', raise: async (c) => { await c.as(FINANCE); await c.command(`plan EVC 2x100 from ${addDays(AS_OF, 1)} every month two instalments`); } },
  'plan.completed': { what: 'both instalments paid, then the reminders sweep', raise: async (c) => {
    await pay(c, [['C-1', '200.00']], addDays(AS_OF, 1));
    await detectReminders(c.db, c.orgId, zonedInstant('Asia/Shanghai', addDays(AS_OF, 40), 10 * 60));
  } },
  'invoice.dispute_requested': { what: '/ar dispute by sales', raise: async (c) => { await c.as(SALES); await c.command('dispute A-2 wrong unit price'); } },
  'invoice.disputed': { what: '/ar dispute … confirm by finance', raise: async (c) => { await c.as(FINANCE); await c.command('dispute A-2 confirm'); } },
  'invoice.dispute_resolved': { what: '/ar dispute … resolve', raise: async (c) => { await c.as(FINANCE); await c.command('dispute A-2 resolve credit note issued'); } },
  'escalation.requested': { what: '/ar escalate', raise: async (c) => { await c.as(SALES); await c.command('escalate EVA three written notices unanswered'); } },
  'escalation.refreshed': { what: 'a payment, then /ar approve on the old figure', raise: async (c) => {
    await pay(c, [['A-2', '200.00']]);
    await c.as(MANAGER);
    await c.command('approve EVA go ahead');
  } },
  'escalation.decided': { what: '/ar approve', raise: async (c) => { await c.as(MANAGER); await c.command('approve EVA go ahead'); } },
  'legal.stage_moved': { what: '/ar legal', raise: async (c) => { await c.as(MANAGER); await c.command('legal EVA letter demand letter sent by the firm'); } },
  'writeoff.proposed': { what: '/ar writeoff by finance', raise: async (c) => { await c.as(FINANCE); await c.command('writeoff B-1 company dissolved'); } },
  'escalation.cancelled': { what: 'paid in full, then /ar approve', raise: async (c) => {
    await pay(c, [['B-1', '800.00']]);
    await c.as(MANAGER);
    await c.command('approve EVB');
  } },
  'case.level_lowered': { what: 'a payment import clears the red invoice', raise: async (c) => { await pay(c, [['A-1', '5000.00']]); } },
  'case.closed': { what: 'a payment import pays the rest', raise: async (c) => { await pay(c, [['C-1', '100.00']]); } },
  'limitation.warning': { what: 'the daily limitation pass, 120 days on', raise: async (c) => { await raiseLimitationWarnings(c.db, c.orgId, addDays(AS_OF, 120)); } },
  'evidence.requested': { what: '/ar evidence by a manager', raise: async (c) => { await c.as(MANAGER); await c.command('evidence EVA'); } },
  // The scans of the story's own month claimed its review already: the next month's first scan (a Thursday, 10:00).
  'writeoff.review': { what: 'the first daily scan of the next month', raise: async (c) => { await raiseWriteoffReview(c.db, c.orgId, zonedInstant('Asia/Shanghai', '2026-12-03', 10 * 60)); } },
  // Issue 10: by the next month Eastern Valves paid its red invoice 95+ days late: graded B, it rates D. Its
  // promise (100, made on the story's day) counts as kept, not broken: the payment of 200 on A-2 that same
  // day (escalation.refreshed) came after it and completed it in time, so the ledger judges it kept
  // (src/domain/promise-allocation.ts) although the earlier sweep had posted it broken.
  'credit.rerating': { what: 'the first daily scan of the next month (re-rating)', raise: async (c) => {
    await raiseRerating(c.db, c.orgId, zonedInstant('Asia/Shanghai', '2026-12-03', 10 * 60));
  } },
  // Issue 11. Each Send also raises the email's answer (sent or undelivered); each step sends its own.
  'email.approved': { what: '/ar remind and Send (the email delivery)', raise: async (c) => {
    await c.as(SALES);
    await c.command('claim EVE');
    await sendReminder(c, 'statement');
  } },
  'email.sent': { what: '/ar remind and Send, the SMTP server takes it', raise: (c) => sendReminder(c, 'reminder') },
  'email.undelivered': { what: '/ar remind and Send, the SMTP server refuses it (550)', raise: async (c) => {
    c.sink.refuse(EVE_CONTACT, 550);
    try { await sendReminder(c, 'final_notice'); } finally { c.sink.refuse(EVE_CONTACT, null); }
  } },
  'import.completed': 'no_messages',
  'subscription.changed': 'no_messages',
  'report.chart_requested': { what: '/ar report aging chart by a manager', raise: async (c) => { await c.as(MANAGER); await c.command('report aging chart'); } },
};

/** The order the steps run in. */
export const ORDER: CaseEventType[] = ['alert.raised', 'case.claimed', 'record.logged', 'promise.made', 'promise.broken', 'case.snoozed',
  'case.assigned', 'case.released', 'plan.made', 'plan.completed', 'invoice.dispute_requested', 'invoice.disputed', 'invoice.dispute_resolved', 'escalation.requested',
  'escalation.refreshed', 'escalation.decided', 'legal.stage_moved', 'writeoff.proposed', 'escalation.cancelled', 'case.level_lowered',
  'case.closed', 'limitation.warning', 'evidence.requested', 'report.chart_requested', 'writeoff.review', 'credit.rerating', 'email.approved', 'email.sent', 'email.undelivered'];

/** The delivery kinds an event's row in CASE_EVENTS causes (its case has an alert on the platform). */
function expectedKinds(type: CaseEventType): { must: string[]; may: string[] } {
  const e = CASE_EVENTS[type];
  const must: string[] = [];
  const may: string[] = [];
  if (e.thread) must.push('thread');
  if (e.updatesAlert) must.push('update');
  for (const p of e.posts) {
    if (p === 'alert') must.push('alert');
    if (p === 'escalation_request') must.push('escalation_request');
    if (p === 'escalation_decision') { must.push('escalation_decision'); may.push('dm', 'legal'); }
    if (p === 'limitation_warning') must.push('limitation');
    if (p === 'evidence_file') must.push('evidence');
    if (p === 'report_chart') must.push('report_chart');
    if (p === 'writeoff_review') must.push('writeoff_review');
    if (p === 'rerating_review') must.push('rerating_review');
    if (p === 'email') must.push('email');
    if (p === 'owner_dm') must.push('dm');
  }
  return { must, may };
}

const causesMessages = (t: CaseEventType) => CASE_EVENTS[t].thread || CASE_EVENTS[t].updatesAlert || CASE_EVENTS[t].posts.length > 0;

function richText(r: Rich): string {
  return typeof r === 'string' ? r : r.map((s) => ('text' in s ? s.text : 'mention' in s ? `@${s.mention.name}` : s.link.label)).join('');
}

/** A neutral message as plain text: what every platform renders from it. */
export function messageText(m: Message): string {
  const lines = [m.title ?? ''];
  for (const b of m.blocks) {
    if (b.type === 'section' || b.type === 'context') lines.push(richText(b.text));
    if (b.type === 'fields') for (const f of b.fields) lines.push(`${f.label}: ${richText(f.value)}`);
    if (b.type === 'list') for (const i of b.items) lines.push(`• ${richText(i)}`);
    if (b.type === 'table') lines.push(b.columns.join(' | '), ...b.rows.map((r) => r.join(' | ')));
    if (b.type === 'image') lines.push(`[${b.alt}]`);
  }
  for (const a of m.actions ?? []) lines.push(`[${a.label}]`);
  // Every date shown comes from the drivers' clock (NOW), recorded ones too (CommandOptions.now): no masking.
  return lines.filter(Boolean).join('\n');
}

async function seed(db: Db): Promise<number> {
  const { org } = await addOrg(db, { slug: DEMO_SLUG, timezone: 'Asia/Shanghai', currency: 'CNY', locale: 'en-US' });
  const people = [[ADMIN, 'Admin Zhao', 'admin'], [SALES, 'Sales Liu', 'sales'], [MANAGER, 'Manager Chen', 'manager'], [FINANCE, 'Finance Wu', 'finance']] as const;
  for (const [email, name, role] of people) {
    // Everyone reads English: the renderings are compared across platforms.
    await db.insertInto('users').values({ org_id: org.id, email, name, role, region: null, timezone: null, locale: 'en-US' }).execute();
  }
  for (const c of CUSTOMERS) {
    const row = await db.insertInto('customers').values({ org_id: org.id, code: c.code, name: c.name, credit_grade: 'B',
      credit_limit_minor: 100_000_00n, payment_terms_days: 30, industry: 'manufacturing', region: 'east', owner_user_id: null })
      .returning('id').executeTakeFirstOrThrow();
    if (c.code === 'EVE') {
      await db.insertInto('contacts').values({ org_id: org.id, customer_id: row.id, name: 'Accounts Payable', email: EVE_CONTACT, role: 'billing', locale: 'en-US' }).execute();
    }
    for (const i of c.invoices) {
      const dueOn = addDays(AS_OF, -i.days);
      await db.insertInto('invoices').values({ org_id: org.id, customer_id: row.id, number: i.number, currency: 'CNY',
        amount_minor: BigInt(i.amount.replace('.', '')), issued_on: addDays(dueOn, -30), due_on: dueOn, status: 'open', region: 'east' }).execute();
    }
  }
  return org.id;
}

const FROM = 'AR <ar@events.example>';

export function eventsContract(makeDriver: (opts: DriverOptions) => Driver): void {
  const t = testDatabase();
  let sink: SmtpSink;
  let smtp: Mailer | undefined;
  // The driver's delivery worker sends email through SMTP to the sink started below (issue 11).
  const mailer: Mailer = { from: FROM, replyTo: null, send: (e) => smtp!.send(e), close: () => smtp?.close() };
  const d = makeDriver({ mailer });
  let orgId: number;
  let ctx: StepContext;
  let kinds: ReturnType<typeof createDeliveryKinds>;

  beforeAll(async () => {
    sink = await startSmtpSink({ keep: false });
    smtp = createMailer({ url: sink.url, from: FROM });
    orgId = await seed(t.db);
    await d.setup(t.db);
    ctx = { db: t.db, d, orgId, as: (e) => d.as(e), command: (x) => d.command(x), sink };
    kinds = createDeliveryKinds({ db: t.db, views: defaultJobViews, now: () => NOW });
    // This channel gets the alerts, the approval requests and the legal posts.
    await d.as(ADMIN);
    for (const k of ['alerts', 'escalations', 'legal']) await d.command(`subscribe ${k}`);
  });
  afterAll(async () => { await d.teardown(); smtp?.close(); await sink?.close(); });

  // A story: its steps run in order even under `--sequence.shuffle` (issue 14) — each step raises its event on the case the earlier steps built (claimed, promised, escalated, paid…), as ORDER says.
  describe(`every case event type on ${d.platform}`, { shuffle: false }, () => {
    it('has a step for every type whose row in CASE_EVENTS causes a message, and runs each once', () => {
      for (const type of CASE_EVENT_TYPES) {
        if (causesMessages(type)) expect(STEPS[type], type).not.toBe('no_messages');
        else expect(STEPS[type], type).toBe('no_messages');
      }
      expect([...ORDER].sort()).toEqual(CASE_EVENT_TYPES.filter(causesMessages).sort());
    });

    for (const type of ORDER) {
      const step = STEPS[type] as Step;
      it(`${type} (${step.what}): delivers what its row says, once, rendered as the golden file`, async () => {
        const mark = await t.db.selectFrom('case_events').select((eb) => eb.fn.max('id').as('id')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
        await step.raise(ctx);
        // Events a job raised reach the outbox with the job's next pass; commands published theirs already.
        await d.deliveries.runtime.processOutbox();
        await d.deliveries.settled(orgId);

        const events = await t.db.selectFrom('case_events').select(['id', 'processed_at']).where('org_id', '=', orgId)
          .where('type', '=', type).where('id', '>', (mark.id ?? '0') as never).orderBy('id').execute();
        expect(events.length, `${type} raised`).toBeGreaterThan(0);
        expect(events.every((e) => e.processed_at !== null)).toBe(true);
        const rows = await t.db.selectFrom('deliveries').selectAll().where('org_id', '=', orgId)
          .where('case_event_id', 'in', events.map((e) => e.id)).orderBy('id').execute() as DeliveryRow[];

        // What the row says: each kind it must cause, nothing it may not.
        const { must, may } = expectedKinds(type);
        const got = [...new Set(rows.map((r) => r.kind))].sort();
        expect(got, `${type} delivery kinds`).toEqual(expect.arrayContaining(must));
        for (const k of got) expect([...must, ...may], `${type} caused ${k}`).toContain(k);

        // Sent, each once.
        for (const r of rows) {
          expect(r.status, `${r.kind} ${r.id}: ${r.reason ?? ''}`).toBe('sent');
          const attempts = await t.db.selectFrom('delivery_attempts').select('outcome').where('org_id', '=', orgId)
            .where('delivery_id', '=', r.id as never).execute();
          expect(attempts.filter((a) => a.outcome === 'sent').length, `${r.kind} ${r.id} sent attempts`).toBeLessThanOrEqual(1);
        }

        // Rendered the same way everywhere: the neutral rendering of each delivery, one golden file per type.
        const rendered: string[] = [];
        for (const r of rows) {
          const out = await kinds[r.kind].render(r);
          // A new message (not an update in place) reached the platform API once, with its delivery id.
          if ((out.op === 'post' || out.op === 'dm') && d.callsFor) expect(d.callsFor(String(r.id)), `${r.kind} ${r.id} API calls`).toBe(1);
          // A file's message names its SHA-256, which changes with the records' real times.
          const text = out.op === 'post' || out.op === 'dm' || out.op === 'update' ? messageText(out.message)
            : out.op === 'file' ? `${messageText(out.message).replace(/\b[0-9a-f]{64}\b/g, '<sha256>')}\n📎 ${out.file.filename.replace(/\d{4}-\d{2}-\d{2}/, '<date>')} (${out.file.mime})`
              : `(${out.op})`;
          rendered.push(`── ${r.kind} ──\n${text}`);
        }
        const golden = expectGolden(join('test', 'e2e', 'contract', 'events', `${type}.txt`), `${[...new Set(rendered)].sort().join('\n\n')}\n`);
        expect(golden.equal, `${type}: the rendering differs from test/e2e/contract/events/${type}.txt`).toBe(true);
      });
    }
  });
}
