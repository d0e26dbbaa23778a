// Reminders sent to one person (DESIGN.md "Reminders"): next action due, promise due today,
// promise broken, red case untouched for 48 h (to managers), escalation waiting, and the jobs'
// other nudges. Input shaped like the jobs' ReminderData (jobs/views.ts), structurally.
import type { EscalationKind } from '../../domain/escalation-rule.js';
import type { Level } from '../../domain/aging.js';
import type { IsoDate } from '../../domain/calendar.js';
import { formatAmount, formatDate, t, tr, type Locale } from '../i18n.js';
import type { Action, Block, LevelColour, Message, Rich } from '../message.js';
import { caseAction, namedCaseAction, type ActionId, type CaseKey } from './case-actions.js';
import { customerLabel, mention, oneLine, ownerInline, type CustomerRef, type Person } from './parts.js';
import type { TargetNotice } from '../../services/targets/target-notice.js';
import { encodeTargetFlagAction } from '../target-flag-action.js';
import { figureText, metricName, targetValueText } from './target-figure.js';

export const REMINDER_KINDS = ['next_action', 'promise_due', 'promise_broken', 'red_untouched', 'escalation_pending',
  'snooze_ended', 'lease_check', 'target_flagged', 'target_follow_up', 'delivery_failed', 'owner_left', 'pre_due'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface ReminderInput {
  kind: ReminderKind;
  org: number;
  recipient: Person;
  case?: { id: number; version: number; customer: CustomerRef; owner: Person | null; level: Level | null; nextActionOn: IsoDate | null };
  promise?: { amountMinor: bigint; currency: string; promisedOn: IsoDate };
  escalation?: { id: number; kind: EscalationKind; requestedBy: Person; since: IsoDate };
  /** target_flagged / target_follow_up: the flag, its target now, and the plan if one came. */
  target?: TargetNotice;
  failure?: { platform: string; channelId: string; reason: string; kind: string };
  /** owner_left: who left and their open cases (at most OWNER_LEFT_LISTED), with how many more. */
  leaver?: { person: Person; cases: { id: number; version: number; customer: CustomerRef; level: Level | null }[]; more: number };
  /** pre_due: the open invoices that fall due on a day (at most PRE_DUE_LISTED), with how many more. */
  preDue?: { fallsDueOn: IsoDate; invoices: { customer: CustomerRef; number: string; openMinor: bigint; currency: string }[]; more: number };
}

/** Cases listed, each with its Assign button, in one owner_left message (Slack: ≤ 25 buttons a block). */
export const OWNER_LEFT_LISTED = 20;

/** Invoices listed in one pre-due reminder; the rest is a count. */
export const PRE_DUE_LISTED = 20;

const BUTTONS: Record<ReminderKind, ActionId[]> = {
  next_action: ['log', 'snooze'],
  promise_due: ['log'],
  promise_broken: ['log', 'promise'],
  red_untouched: ['case'],
  escalation_pending: ['approve', 'reject'],
  snooze_ended: ['log', 'snooze'],
  lease_check: ['lease_keep', 'release'],
  target_flagged: [],
  target_follow_up: [],
  delivery_failed: [],
  owner_left: [],
  pre_due: [],
};

const COLOUR: Partial<Record<ReminderKind, LevelColour>> = { promise_broken: 'orange', red_untouched: 'red', delivery_failed: 'grey' };

export function reminderView(r: ReminderInput, locale: Locale): Message {
  const customer = r.case ? customerLabel(r.case.customer) : '';
  const amount = r.promise ? formatAmount(r.promise.amountMinor, r.promise.currency, locale) : '';
  const date = r.promise ? formatDate(r.promise.promisedOn, locale) : '';
  let text: Rich;
  switch (r.kind) {
    case 'next_action':
      text = t(locale, 'reminder.next_action', { customer });
      break;
    case 'promise_due':
      text = t(locale, 'reminder.promise_due', { customer, amount });
      break;
    case 'promise_broken':
      text = t(locale, 'reminder.promise_broken', { customer, amount, date });
      break;
    case 'red_untouched':
      text = tr(locale, 'reminder.red_untouched', { customer, owner: ownerInline(r.case?.owner ?? null, locale) });
      break;
    case 'escalation_pending': {
      const e = r.escalation;
      text = e ? tr(locale, 'reminder.escalation_pending', {
        kind: t(locale, `escalation.kind.${e.kind}`), customer, user: mention(e.requestedBy), date: formatDate(e.since, locale),
      }) : t(locale, 'reminder.escalation_pending_plain', { customer });
      break;
    }
    case 'snooze_ended':
      text = t(locale, 'reminder.snooze_ended', { customer });
      break;
    case 'lease_check':
      text = t(locale, 'reminder.lease_check', { customer });
      break;
    case 'target_flagged': {
      const tg = r.target;
      text = tg ? t(locale, 'reminder.target_flagged', {
        scope: oneLine(tg.scope, 80), metric: metricName(tg.metric, locale), value: targetValueText(tg.metric, tg.value, tg.currency, locale),
        period: t(locale, `period.${tg.period}`), actual: figureText(tg.actual, tg.currency, locale), achievement: tg.achievement ?? '—',
      }) : '';
      break;
    }
    case 'target_follow_up': {
      // 001: 限期跟进 — seven days on, whether a plan came and whether the figure moved.
      const tg = r.target;
      if (!tg) { text = ''; break; }
      const what = { scope: oneLine(tg.scope, 80), metric: metricName(tg.metric, locale), date: formatDate(tg.flaggedOn, locale) };
      const now = { actual: figureText(tg.actual, tg.currency, locale), achievement: tg.achievement ?? '—',
        moved: t(locale, `target.moved.${tg.moved ?? 'same'}`) };
      text = tg.plan
        ? [...tr(locale, 'reminder.target_follow_up_plan', { ...what, owner: tg.plan.owner ? mention(tg.plan.owner) : t(locale, 'value.none'),
          action: oneLine(tg.plan.action, 300), due: formatDate(tg.plan.dueOn, locale) }), { text: ' ' }, ...tr(locale, 'reminder.target_follow_up_now', now)]
        : [...tr(locale, 'reminder.target_follow_up_none', what), { text: ' ' }, ...tr(locale, 'reminder.target_follow_up_now', now)];
      break;
    }
    case 'pre_due': {
      const p = r.preDue;
      const total = p ? p.invoices.length + p.more : 0;
      text = t(locale, 'reminder.pre_due', { date: p ? formatDate(p.fallsDueOn, locale) : '', count: total });
      break;
    }
    case 'owner_left':
      text = tr(locale, 'reminder.owner_left', { owner: r.leaver ? mention(r.leaver.person) : '' });
      break;
    case 'delivery_failed':
      text = t(locale, 'reminder.delivery_failed', {
        platform: oneLine(r.failure?.platform ?? '', 20), channel: oneLine(r.failure?.channelId ?? '', 80), reason: oneLine(r.failure?.reason ?? '', 300),
      });
      break;
  }
  const blocks: Block[] = [{ type: 'section', text }];
  if (r.case?.nextActionOn && r.kind === 'next_action') {
    blocks.push({ type: 'context', text: t(locale, 'field.next_action') + ': ' + formatDate(r.case.nextActionOn, locale) });
  }
  const actions: Action[] = [];
  if (r.kind === 'owner_left' && r.leaver) {
    // One message, an Assign button per case (issue 15).
    blocks.push({ type: 'list', items: r.leaver.cases.map((c) => `${customerLabel(c.customer)}${c.level ? ` · ${t(locale, `level.${c.level}`)}` : ''}`) });
    if (r.leaver.more > 0) blocks.push({ type: 'context', text: t(locale, 'reminder.owner_left_more', { count: r.leaver.more }) });
    for (const c of r.leaver.cases) actions.push(namedCaseAction('take', { org: r.org, caseId: c.id, version: c.version }, c.customer, locale));
  }
  if ((r.kind === 'target_flagged' || (r.kind === 'target_follow_up' && !r.target?.plan)) && r.target) {
    // The ask carries its answer: the remediation plan form (DOMAIN.md "Targets").
    actions.push({ id: 'target_plan', label: t(locale, 'action.target_plan'), style: 'primary',
      value: encodeTargetFlagAction({ v: 1, org: r.org, flag: r.target.flagId }) });
  }
  if (r.kind === 'pre_due' && r.preDue) {
    // 预催收 (DOMAIN.md stages): what falls due, so the owner can send a friendly reminder first.
    blocks.push({ type: 'list', items: r.preDue.invoices.map((i) => `${customerLabel(i.customer)} · ${oneLine(i.number, 60)} · ${formatAmount(i.openMinor, i.currency, locale)}`) });
    if (r.preDue.more > 0) blocks.push({ type: 'context', text: t(locale, 'mine.more', { count: r.preDue.more }) });
  }
  if (r.case) {
    const key: CaseKey = { org: r.org, caseId: r.case.id, version: r.case.version };
    for (const id of BUTTONS[r.kind]) {
      if ((id === 'approve' || id === 'reject') && !r.escalation) continue;
      actions.push(caseAction(id, key, locale, id === 'approve' || id === 'reject' ? { esc: r.escalation!.id } : {}));
    }
  }
  const summary = typeof text === 'string' ? text
    : text.map((s) => ('text' in s ? s.text : 'mention' in s ? `@${s.mention.name}` : s.link.label)).join('');
  const level = COLOUR[r.kind] ?? (r.case?.level ?? 'blue');
  return { blocks, level, summary, ...(actions.length ? { actions } : {}) };
}
