// The answer to the person who ran a command or clicked a button: what was done, in one or two
// lines. Ephemeral by default; the router may post it instead.
import type { EscalationKind } from '../../domain/escalation-rule.js';
import type { IsoDate } from '../../domain/calendar.js';
import type { Missing } from '../../domain/escalation-rule.js';
import type { LegalStage, Method, Outcome, Period, SubscriptionFilter, SubscriptionKind } from '../grammar.js';
import { formatAmount, formatDate, t, tr, type Locale } from '../i18n.js';
import type { Block, Inline, LevelColour, Message } from '../message.js';
import { missingLine } from './missing.js';
import type { TargetMetric } from '../../domain/target-achievement.js';
import { metricName, targetValueText } from './target-figure.js';
import { customerLabel, mention, oneLine, type CustomerRef, type Person } from './parts.js';

export type TargetScopeView = { kind: 'org' } | { kind: 'region'; region: string } | { kind: 'owner'; user: Person } | { kind: 'product'; product: string };

export type Confirmation =
  | { kind: 'claimed'; customer: CustomerRef; keepBy?: IsoDate | null }
  | { kind: 'released'; customer: CustomerRef }
  | { kind: 'assigned'; customer: CustomerRef; to: Person }
  | { kind: 'logged'; customer: CustomerRef; method: Method; outcome: Outcome | null; nextActionOn?: IsoDate | null;
      /** Contacts with this customer this week and the org's cap (DOMAIN.md compliance), when near or over it. */
      contacts?: { count: number; cap: number } | null }
  | { kind: 'promised'; customer: CustomerRef; currency: string; amountMinor: bigint; date: IsoDate }
  | { kind: 'writeoffs_proposed'; customer: CustomerRef; proposed: number; alreadyPending: number }
  | { kind: 'writeoffs_none'; customer: CustomerRef }
  | { kind: 'planned'; customer: CustomerRef; currency: string; instalments: number; amountMinor: bigint; totalMinor: bigint;
      firstOn: IsoDate; lastOn: IsoDate; every: 'week' | 'month' }
  | { kind: 'disputed'; invoice: string; customer?: CustomerRef | null }
  /** Issue 9: a non-supervisor's dispute waits for a supervisor; resolve ends one (or withdraws a request). */
  | { kind: 'dispute_requested' | 'dispute_resolved' | 'dispute_withdrawn'; invoice: string; customer?: CustomerRef | null }
  | { kind: 'snoozed'; customer: CustomerRef; until: IsoDate }
  | { kind: 'evidence_requested'; customer: CustomerRef }
  | { kind: 'escalation_requested'; customer: CustomerRef; overridden?: boolean; agency?: string | null }
  | { kind: 'escalation_refused'; customer: CustomerRef; missing: Missing[]; canOverride?: boolean }
  | { kind: 'approved' | 'rejected'; customer: CustomerRef; escalation: EscalationKind }
  | { kind: 'writeoff_proposed'; invoice: string; customer?: CustomerRef | null; currency?: string; amountMinor?: bigint | null }
  | { kind: 'subscribed' | 'unsubscribed'; subscription: SubscriptionKind; filter: SubscriptionFilter }
  | { kind: 'target_set'; scope: TargetScopeView; metric: TargetMetric; value: string; currency: string; period: Period }
  | { kind: 'language_set'; locale: Locale }
  | { kind: 'target_plan_recorded' | 'target_plan_already'; plan: { owner: Person | null; action: string; dueOn: IsoDate } }
  | { kind: 'rerating_accepted' | 'rerating_kept' | 'rerating_already'; customer: CustomerRef; from: string; to: string }
  | { kind: 'rerating_stale'; customer: CustomerRef; grade: string; from: string; to: string }
  | { kind: 'legal_moved'; customer: CustomerRef; stage: LegalStage; result: 'recovered' | 'uncollectable' | null;
      currency: string; recoveredMinor: bigint | null; writeoffProposals: number };

function lines(c: Confirmation, locale: Locale): { text: Inline[] | string; more?: Block[]; level: LevelColour } {
  const cust = (r: CustomerRef) => customerLabel(r);
  switch (c.kind) {
    case 'claimed':
      return {
        text: c.keepBy ? `${t(locale, 'done.claimed', { customer: cust(c.customer) })} ${t(locale, 'done.claim_keep', { date: formatDate(c.keepBy, locale) })}`
          : t(locale, 'done.claimed', { customer: cust(c.customer) }),
        level: 'green',
      };
    case 'released':
      return { text: t(locale, 'done.released', { customer: cust(c.customer) }), level: 'green' };
    case 'assigned':
      return { text: tr(locale, 'done.assigned', { customer: cust(c.customer), user: mention(c.to) }), level: 'green' };
    case 'logged': {
      let s = t(locale, 'done.logged', { method: t(locale, `method.${c.method}`), customer: cust(c.customer) });
      if (c.outcome) s += ` ${t(locale, 'done.logged_outcome', { outcome: t(locale, `outcome.${c.outcome}`) })}`;
      if (c.nextActionOn) s += ` ${t(locale, 'done.next_action', { date: formatDate(c.nextActionOn, locale) })}`;
      const more: Block[] = [];
      if (c.contacts && c.contacts.count >= c.contacts.cap) {
        more.push({ type: 'context', text: t(locale, 'done.contact_cap', { count: c.contacts.count, cap: c.contacts.cap }) });
      }
      return { text: s, more, level: more.length ? 'orange' : 'green' };
    }
    case 'promised':
      return {
        text: t(locale, 'done.promised', { customer: cust(c.customer), amount: formatAmount(c.amountMinor, c.currency, locale), date: formatDate(c.date, locale) }),
        level: 'green',
      };
    case 'writeoffs_proposed':
      return { text: t(locale, 'done.writeoffs_proposed', { customer: cust(c.customer), count: c.proposed, pending: c.alreadyPending }), level: 'green' };
    case 'writeoffs_none':
      return { text: t(locale, 'done.writeoffs_none', { customer: cust(c.customer) }), level: 'green' };
    case 'planned':
      return {
        text: t(locale, 'done.planned', { customer: cust(c.customer), count: c.instalments, amount: formatAmount(c.amountMinor, c.currency, locale),
          every: t(locale, `plan.every.${c.every}`), first: formatDate(c.firstOn, locale), last: formatDate(c.lastOn, locale),
          total: formatAmount(c.totalMinor, c.currency, locale) }),
        level: 'green',
      };
    case 'disputed':
      return { text: t(locale, 'done.disputed', { invoice: oneLine(c.invoice, 60) }), level: 'green' };
    case 'dispute_requested':
    case 'dispute_resolved':
    case 'dispute_withdrawn':
      return { text: t(locale, `done.${c.kind}`, { invoice: oneLine(c.invoice, 60) }), level: 'green' };
    case 'snoozed':
      return { text: t(locale, 'done.snoozed', { customer: cust(c.customer), date: formatDate(c.until, locale) }), level: 'green' };
    case 'evidence_requested':
      return { text: t(locale, 'done.evidence_requested', { customer: cust(c.customer) }), level: 'green' };
    case 'escalation_requested':
      if (c.agency) return { text: t(locale, 'done.agency_requested', { customer: cust(c.customer), agency: oneLine(c.agency, 100) }), level: 'green' };
      return { text: t(locale, c.overridden ? 'done.escalation_requested_override' : 'done.escalation_requested', { customer: cust(c.customer) }), level: 'green' };
    case 'escalation_refused': {
      const more: Block[] = [{ type: 'list', items: c.missing.map((m) => missingLine(m, locale)) }];
      if (c.canOverride) more.push({ type: 'context', text: t(locale, 'done.escalation_override_hint') });
      return { text: t(locale, 'done.escalation_refused', { customer: cust(c.customer) }), more, level: 'orange' };
    }
    case 'approved':
    case 'rejected':
      return { text: t(locale, `done.${c.kind}`, { kind: t(locale, `escalation.kind.${c.escalation}`), customer: cust(c.customer) }), level: 'green' };
    case 'writeoff_proposed': {
      const amount = c.amountMinor != null && c.currency ? ` (${formatAmount(c.amountMinor, c.currency, locale)})` : '';
      return { text: t(locale, 'done.writeoff_proposed', { invoice: `${oneLine(c.invoice, 60)}${amount}` }), level: 'green' };
    }
    case 'subscribed':
    case 'unsubscribed': {
      const filters: string[] = [];
      if (c.filter.region) filters.push(t(locale, 'scope.region', { region: c.filter.region }));
      if (c.filter.product) filters.push(t(locale, 'scope.product', { product: c.filter.product }));
      if (c.filter.at && c.kind === 'subscribed') filters.push(t(locale, 'scope.at', { time: c.filter.at }));
      const base = t(locale, `done.${c.kind}`, { subscription: t(locale, `subscription.${c.subscription}`) });
      return { text: filters.length ? `${base} (${filters.join(' · ')})` : base, level: 'green' };
    }
    case 'target_set': {
      const scope: string | Inline = c.scope.kind === 'org' ? t(locale, 'scope.org')
        : c.scope.kind === 'region' ? t(locale, 'scope.region', { region: c.scope.region })
          : c.scope.kind === 'product' ? t(locale, 'scope.product', { product: c.scope.product }) : mention(c.scope.user);
      return { text: tr(locale, 'done.target_set', { scope, metric: metricName(c.metric, locale),
        value: targetValueText(c.metric, c.value, c.currency, locale), period: t(locale, `period.${c.period}`) }), level: 'green' };
    }
    case 'target_plan_recorded':
    case 'target_plan_already':
      return { text: tr(locale, `done.${c.kind}`, { owner: c.plan.owner ? mention(c.plan.owner) : t(locale, 'value.none'),
        action: oneLine(c.plan.action, 300), date: formatDate(c.plan.dueOn, locale) }), level: c.kind === 'target_plan_recorded' ? 'green' : 'blue' };
    case 'rerating_accepted':
    case 'rerating_kept':
    case 'rerating_already':
      return { text: t(locale, `done.${c.kind}`, { customer: cust(c.customer), from: oneLine(c.from, 5), to: oneLine(c.to, 5) }),
        level: c.kind === 'rerating_already' ? 'blue' : 'green' };
    case 'rerating_stale':
      return { text: t(locale, 'done.rerating_stale', { customer: cust(c.customer), grade: oneLine(c.grade, 5), from: oneLine(c.from, 5), to: oneLine(c.to, 5) }), level: 'orange' };
    case 'legal_moved': {
      let s = t(locale, 'done.legal_moved', { customer: cust(c.customer), stage: t(locale, `legal.stage.${c.stage}`) });
      if (c.result === 'recovered' && c.recoveredMinor !== null) {
        s += ` ${t(locale, 'done.legal_recovered', { amount: formatAmount(c.recoveredMinor, c.currency, locale) })}`;
      }
      if (c.result === 'uncollectable') s += ` ${t(locale, 'done.legal_uncollectable', { n: c.writeoffProposals })}`;
      return { text: s, level: 'green' };
    }
    case 'language_set':
      // Said in the new language: that is the point.
      return { text: t(c.locale, 'done.language_set'), level: 'green' };
  }
}

export function confirmationView(c: Confirmation, locale: Locale): Message {
  const shown = c.kind === 'language_set' ? c.locale : locale;
  const { text, more, level } = lines(c, shown);
  const summary = typeof text === 'string' ? text
    : text.map((s) => ('text' in s ? s.text : 'mention' in s ? `@${s.mention.name}` : s.link.label)).join('');
  return { blocks: [{ type: 'section', text }, ...(more ?? [])], level, summary, ephemeral: true };
}
