// The router: a typed command or a button → one service call → a neutral view.
// Adapters translate platform payloads into ChatRequests and render what comes back; no business
// rule lives here either — only which service answers which command, and which view shows it.
import { randomBytes } from 'node:crypto';
import { DuebotError, isDuebotError } from '../errors.js';
import { dateIn } from '../domain/calendar.js';
import { getOrg, getOrgById } from '../services/orgs.js';
import { actorByEmail, resolveActor, setUserLocale, type Actor } from '../services/identity.js';
import {
  assignCase, caseDetail, claimCase, decideEscalation, digestData, disputeInvoice, logRecord, myCases,
  promiseToPay, proposeWriteoff, releaseCase, requestEscalation, snoozeCase, type CaseSummary, type UserRef as ServiceUserRef,
} from '../services/cases/index.js';
import { subscribe, unsubscribe } from '../services/subscriptions.js';
import { setTarget } from '../services/targets.js';
import { agingReport, kpiReport, provisionReport, reportJson } from '../services/reports/index.js';
import type { Org } from '../store/schema.js';
import type { Chat, ChatDeps } from './chat.js';
import type { ButtonRequest, ChatRequest, ChatResponse } from './request.js';
import type { Locale, Message } from './message.js';
import { parseCommand, type ChatCommand, type UserRef } from './grammar.js';
import { decodeAction, type ActionPayload } from './action-payload.js';
import { helpView } from './views/help.js';
import { usageErrorView } from './views/usage-error.js';
import { errorView } from './views/error.js';
import { confirmationView, type Confirmation } from './views/confirmation.js';
import { digestView } from './views/digest.js';
import { myCasesView } from './views/my-cases.js';
import { caseCardView } from './views/case-card.js';
import { escalationRequestView } from './views/escalation-request.js';
import { escalationDecisionView, type EscalationOutcome } from './views/escalation-decision.js';
import { logForm, LOG_FIELDS } from './views/log-form.js';
import { promiseForm, PROMISE_FIELDS } from './views/promise-form.js';
import { escalateForm, ESCALATE_FIELDS } from './views/escalate-form.js';
import type { FormInput } from './views/form-parts.js';
import { agingReportView } from './views/report-aging.js';
import { provisionReportView } from './views/report-provision.js';
import { kpiReportView } from './views/report-kpi.js';
import { caseCardInput, customerRef, digestInput, escalationView, myCasesInput, recordsOf } from './present.js';
import { createCasePublisher } from './case-publisher.js';

interface Ctx {
  actor: Actor;
  org: Org;
  locale: Locale;
  today: string;
  req: ChatRequest;
  /** Options every case command takes: the idempotency key and the org's today. */
  opts: { idempotencyKey?: string; today: string };
}

const SNOOZE_BUTTON_DAYS = 7;

export function createChat(deps: ChatDeps): Chat {
  const { db, log } = deps;
  const now = deps.now ?? (() => new Date());
  const defaultLocale: Locale = process.env.DUEBOT_LOCALE === 'en-US' ? 'en-US' : 'zh-CN';
  const publisher = createCasePublisher(deps);

  async function context(req: ChatRequest): Promise<Ctx> {
    let actor: Actor;
    if (req.platform === 'console') {
      // The console runs on the operator's machine: the workspace is the org's slug.
      const org = await getOrg(db, req.workspaceId);
      actor = await actorByEmail(db, org.id, req.externalUserId);
    } else {
      actor = await resolveActor(db, { platform: req.platform, workspaceId: req.workspaceId, externalUserId: req.externalUserId,
        lookupEmail: req.lookupEmail });
    }
    const org = await getOrgById(db, actor.orgId);
    const today = dateIn(org.timezone, now());
    return { actor, org, locale: actor.locale, today, req, opts: { idempotencyKey: req.idempotencyKey, today } };
  }

  /** Runs a handler; any refusal or failure becomes a short ephemeral answer that changed nothing. */
  async function guard(req: ChatRequest, fn: (ctx: Ctx) => Promise<ChatResponse>): Promise<ChatResponse> {
    let locale = defaultLocale;
    try {
      const ctx = await context(req);
      locale = ctx.locale;
      return await fn(ctx);
    } catch (e) {
      return { reply: failure(e, locale, req), changedCaseIds: [] };
    }
  }

  function failure(e: unknown, locale: Locale, req: ChatRequest): Message {
    if (isDuebotError(e)) {
      const detail = e.detail as { matches?: { code: string; name: string }[]; missing?: never[]; subject?: string };
      log.info({ code: e.code, platform: req.platform }, 'chat request refused');
      return { ...errorView({ code: e.code, subject: detail.subject ?? null, matches: detail.matches, missing: detail.missing }, locale), ephemeral: true };
    }
    const ref = randomBytes(4).toString('hex');
    log.error({ err: e, ref, platform: req.platform }, 'chat request failed');
    return { ...errorView({ code: 'internal', ref }, locale), ephemeral: true, errorRef: ref };
  }

  const ephemeral = (m: Message): Message => ({ ...m, ephemeral: true });
  const confirm = (c: Confirmation, ctx: Ctx): Message => ephemeral(confirmationView(c, ctx.locale));
  const changed = (reply: Message, ...cases: (CaseSummary | undefined)[]): ChatResponse =>
    ({ reply, changedCaseIds: cases.filter((c): c is CaseSummary => !!c).map((c) => c.id) });

  function userRef(ref: UserRef, req: ChatRequest): ServiceUserRef {
    if (ref.kind === 'email') return { email: ref.email };
    if (ref.kind === 'slack') return { platform: 'slack', externalUserId: ref.id };
    const openId = req.mentions?.[ref.key];
    if (!openId) throw new DuebotError('not_found', `unknown mention ${ref.key}`, { subject: ref.key });
    return { platform: 'lark', externalUserId: openId };
  }

  async function hasSubscription(ctx: Ctx, kind: 'escalations'): Promise<boolean> {
    const row = await db.selectFrom('channel_subscriptions').select('id').where('org_id', '=', ctx.org.id)
      .where('kind', '=', kind).where('platform', '=', ctx.req.platform).executeTakeFirst();
    return !!row;
  }

  /** A new request for a decision: to the managers' channel when one is subscribed, else here. */
  async function requestCard(ctx: Ctx, escalationId: number, c: CaseSummary, fallback: Message): Promise<Message> {
    if (await hasSubscription(ctx, 'escalations')) return fallback;
    const detail = await caseDetail(db, ctx.org.id, c.id, { today: ctx.today });
    const e = detail.pendingEscalations.find((x) => x.id === escalationId);
    if (!e) return fallback;
    return escalationRequestView({ ...escalationView(e, ctx.org.id, c), evidence: recordsOf(detail) }, ctx.org.locale);
  }

  async function run(ctx: Ctx, cmd: ChatCommand): Promise<ChatResponse> {
    const { actor, org, locale, opts } = ctx;
    switch (cmd.kind) {
      case 'help':
        return { reply: ephemeral(helpView({ topic: cmd.topic ?? null }, locale)), changedCaseIds: [] };
      case 'digest': {
        const d = await digestData(db, org.id, { today: ctx.today });
        return { reply: digestView(digestInput(d, org.id), locale), changedCaseIds: [] };
      }
      case 'mine': {
        const cases = await myCases(db, actor, { today: ctx.today });
        return { reply: ephemeral(myCasesView(myCasesInput(cases, org.id, org.currency.trim()), locale)), changedCaseIds: [] };
      }
      case 'case': return caseCard(ctx, cmd.customer);
      case 'claim': {
        const r = await claimCase(db, actor, { customer: cmd.customer }, opts);
        if (r.status === 'claimed_by_other') {
          throw new DuebotError('conflict', 'claimed by someone else', { subject: r.owner?.name });
        }
        return changed(confirm({ kind: 'claimed', customer: customerRef(r.case.customer) }, ctx), r.status === 'claimed' ? r.case : undefined);
      }
      case 'release': {
        const r = await releaseCase(db, actor, { customer: cmd.customer }, opts);
        return changed(confirm({ kind: 'released', customer: customerRef(r.case.customer) }, ctx), r.status === 'released' ? r.case : undefined);
      }
      case 'assign': {
        const r = await assignCase(db, actor, { customer: cmd.customer, assignee: userRef(cmd.user, ctx.req) }, opts);
        return changed(confirm({ kind: 'assigned', customer: customerRef(r.case.customer), to: r.owner }, ctx), r.case);
      }
      case 'log': {
        if (cmd.form) return openForm(ctx, 'log');
        const r = await logRecord(db, actor, { customer: cmd.customer, method: cmd.method, outcome: cmd.outcome ?? undefined, text: cmd.text }, opts);
        return changed(confirm({ kind: 'logged', customer: customerRef(r.case.customer), method: r.record.method, outcome: r.record.outcome,
          nextActionOn: r.record.nextActionOn, contacts: { count: r.contacts.thisWeek, cap: r.contacts.cap } }, ctx), r.case);
      }
      case 'promise': {
        if (cmd.form) return openForm(ctx, 'promise');
        const r = await promiseToPay(db, actor, { customer: cmd.customer, amount: cmd.amount, promisedOn: cmd.date, note: cmd.note ?? undefined }, opts);
        return changed(confirm({ kind: 'promised', customer: customerRef(r.case.customer), currency: r.case.currency,
          amountMinor: r.promise.amountMinor, date: r.promise.promisedOn }, ctx), r.case);
      }
      case 'dispute': {
        const r = await disputeInvoice(db, actor, { invoice: cmd.invoice, reason: cmd.reason }, opts);
        return changed(confirm({ kind: 'disputed', invoice: r.invoice.number, customer: customerRef(r.case.customer) }, ctx), r.case);
      }
      case 'snooze': {
        const r = await snoozeCase(db, actor, { customer: cmd.customer, days: cmd.days, reason: cmd.reason }, opts);
        return changed(confirm({ kind: 'snoozed', customer: customerRef(r.case.customer), until: r.until }, ctx), r.case);
      }
      case 'escalate': {
        if (cmd.form) return openForm(ctx, 'escalate');
        return escalate(ctx, cmd.customer, cmd.reason, undefined);
      }
      case 'approve':
      case 'reject':
        return decide(ctx, { customer: cmd.customer }, cmd.kind, cmd.kind === 'approve' ? cmd.note ?? undefined : cmd.reason, false);
      case 'writeoff': {
        const r = await proposeWriteoff(db, actor, { invoice: cmd.invoice, reason: cmd.reason }, opts);
        const done = confirm({ kind: 'writeoff_proposed', invoice: r.escalation.invoice?.number ?? cmd.invoice,
          customer: customerRef(r.case.customer), currency: r.case.currency, amountMinor: r.escalation.balanceMinor }, ctx);
        return changed(r.status === 'proposed' ? await requestCard(ctx, r.escalation.id, r.case, done) : done, r.case);
      }
      case 'report': return report(ctx, cmd.report, cmd.by);
      case 'subscribe': {
        await subscribe(db, actor, { platform: ctx.req.platform, channelId: ctx.req.channelId, kind: cmd.subscription,
          region: cmd.filter.region, product: cmd.filter.product, at: cmd.filter.at });
        return { reply: confirm({ kind: 'subscribed', subscription: cmd.subscription, filter: cmd.filter }, ctx), changedCaseIds: [] };
      }
      case 'unsubscribe': {
        await unsubscribe(db, actor, { platform: ctx.req.platform, channelId: ctx.req.channelId, kind: cmd.subscription,
          region: cmd.filter.region, product: cmd.filter.product });
        return { reply: confirm({ kind: 'unsubscribed', subscription: cmd.subscription, filter: cmd.filter }, ctx), changedCaseIds: [] };
      }
      case 'target': {
        const s = cmd.scope;
        const r = await setTarget(db, actor, {
          scope: s.kind, percent: cmd.percent, period: cmd.period,
          scopeValue: s.kind === 'region' ? s.region : s.kind === 'owner' ? userRef(s.user, ctx.req) : undefined,
        });
        const scope = s.kind === 'org' ? { kind: 'org' as const } : s.kind === 'region' ? { kind: 'region' as const, region: s.region }
          : { kind: 'owner' as const, user: await ownerPerson(org.id, Number(r.target.scopeValue)) };
        return { reply: confirm({ kind: 'target_set', scope, percent: r.target.percent, period: r.target.period }, ctx), changedCaseIds: [] };
      }
      case 'lang': {
        const updated = await setUserLocale(db, actor, cmd.locale);
        return { reply: ephemeral(confirmationView({ kind: 'language_set', locale: updated.locale }, updated.locale)), changedCaseIds: [] };
      }
    }
  }

  async function ownerPerson(orgId: number, userId: number) {
    const u = await db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId).where('id', '=', userId).executeTakeFirstOrThrow();
    return { id: u.id, name: u.name };
  }

  async function caseCard(ctx: Ctx, ref: string | number): Promise<ChatResponse> {
    const d = await caseDetail(db, ctx.org.id, ref, { today: ctx.today });
    const input = caseCardInput(d, ctx.org.id, ctx.actor.userId);
    if (!input) throw new DuebotError('not_found', 'no open case', { subject: typeof ref === 'string' ? ref : d.customer.code });
    return { reply: ephemeral(caseCardView(input, ctx.locale)), changedCaseIds: [] };
  }

  async function escalate(ctx: Ctx, customer: string, reason: string, overrideReason: string | undefined): Promise<ChatResponse> {
    try {
      const r = await requestEscalation(db, ctx.actor, { customer, reason, overrideReason }, ctx.opts);
      const done = confirm({ kind: 'escalation_requested', customer: customerRef(r.case.customer), overridden: !!overrideReason }, ctx);
      if (r.status !== 'requested' || !r.escalation) return changed(done);
      return changed(await requestCard(ctx, r.escalation.id, r.case, done), r.case);
    } catch (e) {
      if (isDuebotError(e) && e.code === 'evidence_missing') {
        const c = await caseDetail(db, ctx.org.id, customer, { today: ctx.today });
        return changed(confirm({ kind: 'escalation_refused', customer: customerRef(c.customer),
          missing: (e.detail as { missing: never[] }).missing ?? [], canOverride: ['manager', 'admin'].includes(ctx.actor.role) }, ctx));
      }
      throw e;
    }
  }

  async function decide(ctx: Ctx, which: { customer: string } | { escalationId: number }, decision: 'approve' | 'reject',
    note: string | undefined, fromButton: boolean): Promise<ChatResponse> {
    try {
      const r = await decideEscalation(db, ctx.actor, { ...which, decision, note }, ctx.opts);
      const by = { id: ctx.actor.userId, name: ctx.actor.name };
      const outcome: EscalationOutcome = r.status === 'already_decided'
        ? { kind: 'refused', reason: 'already_decided', by: r.escalation.decidedBy }
        : { kind: r.status, by, note: note ?? null };
      const card = escalationDecisionView({ ...escalationView(r.escalation, ctx.org.id, r.case), outcome }, ctx.org.locale);
      const reply = r.status === 'already_decided' ? ephemeral(card)
        : confirm({ kind: r.status, customer: customerRef(r.case.customer), escalation: r.escalation.kind }, ctx);
      return { reply, replaceSource: fromButton ? card : undefined, changedCaseIds: r.status === 'already_decided' ? [] : [r.case.id] };
    } catch (e) {
      // Approve re-checks the case: paid or changed since the request → the card says why.
      if (isDuebotError(e) && e.code === 'stale' && 'escalationId' in which) {
        const reason = (e.detail as { reason?: string }).reason === 'paid' ? 'paid_since_request' as const : 'case_changed' as const;
        const esc = await db.selectFrom('escalations').select('case_id').where('org_id', '=', ctx.org.id).where('id', '=', which.escalationId).executeTakeFirst();
        const d = esc ? await caseDetail(db, ctx.org.id, esc.case_id, { today: ctx.today }) : undefined;
        const summary = d?.pendingEscalations.find((x) => x.id === which.escalationId);
        const reply = failure(e, ctx.locale, ctx.req);
        if (!d?.case || !summary) return { reply, changedCaseIds: [] };
        const card = escalationDecisionView({ ...escalationView(summary, ctx.org.id, d.case), outcome: { kind: 'refused', reason, by: null } }, ctx.org.locale);
        return { reply, replaceSource: card, changedCaseIds: [] };
      }
      throw e;
    }
  }

  async function report(ctx: Ctx, kind: 'aging' | 'kpi' | 'provision', by: 'customer' | 'region' | 'product' | 'owner' | null): Promise<ChatResponse> {
    const opts = { orgId: ctx.org.id, asOf: ctx.today, by: by ?? undefined };
    const heading = { by };
    if (kind === 'aging') {
      const json = reportJson(await agingReport(db, opts)) as unknown as Parameters<typeof agingReportView>[0];
      return { reply: agingReportView({ ...json, ...heading }, ctx.locale), changedCaseIds: [] };
    }
    if (kind === 'provision') {
      const json = reportJson(await provisionReport(db, opts)) as unknown as Parameters<typeof provisionReportView>[0];
      return { reply: provisionReportView({ ...json, ...heading }, ctx.locale), changedCaseIds: [] };
    }
    const json = reportJson(await kpiReport(db, opts)) as unknown as Parameters<typeof kpiReportView>[0];
    return { reply: kpiReportView({ ...json, ...heading }, ctx.locale), changedCaseIds: [] };
  }

  function openForm(ctx: Ctx, kind: 'log' | 'promise' | 'escalate', input: FormInput = { case: null }): ChatResponse {
    const form = kind === 'log' ? logForm(input, ctx.locale) : kind === 'promise' ? promiseForm(input, ctx.locale) : escalateForm(input, ctx.locale);
    return { form, changedCaseIds: [] };
  }

  /** The case a button names: same org as the person clicking, or nothing. */
  async function buttonCase(ctx: Ctx, p: ActionPayload) {
    if (p.org !== ctx.org.id) throw new DuebotError('forbidden', 'button of another org', { reason: 'other_org' });
    const row = await db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['cases.id', 'cases.version', 'customers.code', 'customers.name'])
      .where('cases.org_id', '=', ctx.org.id).where('cases.id', '=', p.case).executeTakeFirst();
    if (!row) throw new DuebotError('not_found', 'case not found');
    return row;
  }

  async function button(ctx: Ctx, req: ButtonRequest): Promise<ChatResponse> {
    const p = req.value ? decodeAction(req.value) : null;
    const kase = p ? await buttonCase(ctx, p) : null;
    const form = req.formValues ?? {};
    const customer = kase?.code ?? form.customer?.trim() ?? '';
    const need = () => { if (!customer) throw new DuebotError('invalid', 'name the customer', { subject: '' }); return customer; };
    switch (req.actionId) {
      case 'claim': return run(ctx, { kind: 'claim', customer: need() });
      case 'release': return run(ctx, { kind: 'release', customer: need() });
      case 'case': return caseCard(ctx, kase?.id ?? need());
      case 'lease_keep': {
        // The owner answers the lease check ("still working on it?"): a note renews the lease.
        const r = await logRecord(db, ctx.actor, { customer: need(), method: 'note',
          text: ctx.locale === 'zh-CN' ? '仍在跟进（保留认领）' : 'Still working on it (claim kept)' }, ctx.opts);
        return changed(confirm({ kind: 'claimed', customer: customerRef(r.case.customer) }, ctx), r.case);
      }
      case 'log':
      case 'promise':
      case 'escalate':
        return openForm(ctx, req.actionId, { case: kase ? { org: ctx.org.id, caseId: kase.id, version: kase.version, customer: customerRef(kase) } : null });
      case 'snooze':
        return run(ctx, { kind: 'snooze', customer: need(), days: SNOOZE_BUTTON_DAYS,
          reason: ctx.locale === 'zh-CN' ? `从卡片暂缓 ${SNOOZE_BUTTON_DAYS} 天` : `snoozed ${SNOOZE_BUTTON_DAYS} days from the card` });
      case 'approve':
      case 'reject': {
        if (!p?.esc) throw new DuebotError('invalid', 'this button names no request');
        const note = req.actionId === 'reject' ? (form.reason?.trim() || (ctx.locale === 'zh-CN' ? '在卡片上驳回' : 'rejected on the card')) : form.note?.trim() || undefined;
        return decide(ctx, { escalationId: p.esc }, req.actionId, note, true);
      }
      case 'form:log': {
        const method = form[LOG_FIELDS.method]?.trim() ?? '';
        const r = await logRecord(db, ctx.actor, { customer: need(), method: method as never, outcome: (form[LOG_FIELDS.outcome]?.trim() || undefined) as never,
          text: form[LOG_FIELDS.text] ?? '', nextActionOn: form[LOG_FIELDS.nextActionOn]?.trim() || undefined }, ctx.opts);
        return changed(confirm({ kind: 'logged', customer: customerRef(r.case.customer), method: r.record.method, outcome: r.record.outcome,
          nextActionOn: r.record.nextActionOn, contacts: { count: r.contacts.thisWeek, cap: r.contacts.cap } }, ctx), r.case);
      }
      case 'form:promise':
        return run(ctx, { kind: 'promise', form: false, customer: need(), amount: (form[PROMISE_FIELDS.amount] ?? '').replace(/,/g, '').trim(),
          date: form[PROMISE_FIELDS.date]?.trim() ?? '', note: form[PROMISE_FIELDS.note]?.trim() || null });
      case 'form:escalate':
        return escalate(ctx, need(), form[ESCALATE_FIELDS.reason]?.trim() ?? '', form[ESCALATE_FIELDS.overrideReason]?.trim() || undefined);
      default:
        throw new DuebotError('invalid', `unknown action ${req.actionId}`);
    }
  }

  return {
    handleText: (req, text) => guard(req, async (ctx) => {
      const parsed = parseCommand(text);
      if (!parsed.ok) return { reply: ephemeral(usageErrorView(parsed.error, ctx.locale)), changedCaseIds: [] };
      return run(ctx, parsed.command);
    }),
    handleButton: (req) => guard(req, (ctx) => button(ctx, req)),
    publishCaseUpdates: (caseIds) => publisher.publish(caseIds),
  };
}
