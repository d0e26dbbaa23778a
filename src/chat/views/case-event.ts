// One line in a case's thread for each thing that happened (DESIGN.md: "Case thread").
import type { Message } from '../message.js';
import { formatAmount, formatDate, t, type Locale } from '../i18n.js';

export interface CaseEventInput {
  type: string;
  actor: { id: number; name: string } | null;
  customer: { code: string; name: string };
  currency: string;
  payload: Record<string, unknown>;
}

const LINES: Record<Locale, Record<string, string>> = {
  'en-US': {
    'case.claimed': '{actor} claimed the case.',
    'case.released': '{actor} released the case; it is unclaimed.',
    'case.assigned': '{actor} assigned the case to {owner}.',
    'record.logged': '{actor} logged a {method}{outcome}: {body}',
    'promise.made': '{actor} recorded a promise: {amount} by {date}.',
    'invoice.disputed': '{actor} marked invoice {invoice} disputed: {reason}',
    'case.snoozed': '{actor} snoozed the case until {date}: {reason}',
    'escalation.requested': '{actor} requested legal escalation: {reason}',
    'writeoff.proposed': '{actor} proposed writing off invoice {invoice}: {reason}',
    'escalation.decided': '{actor} {decision} the {kind}.',
    'escalation.cancelled': 'The pending request was cancelled: the case changed.',
    'payment.received': 'Payment received: {amount}.',
    'case.closed': 'The case is closed: nothing is overdue any more.',
    other: '{actor}: {type}',
  },
  'zh-CN': {
    'case.claimed': '{actor} 认领了此案件。',
    'case.released': '{actor} 释放了此案件，目前无人负责。',
    'case.assigned': '{actor} 将此案件分配给 {owner}。',
    'record.logged': '{actor} 记录了一次{method}{outcome}：{body}',
    'promise.made': '{actor} 登记还款承诺：{date} 前支付 {amount}。',
    'invoice.disputed': '{actor} 将发票 {invoice} 标记为争议：{reason}',
    'case.snoozed': '{actor} 暂缓此案件至 {date}：{reason}',
    'escalation.requested': '{actor} 申请升级至法务：{reason}',
    'writeoff.proposed': '{actor} 提议核销发票 {invoice}：{reason}',
    'escalation.decided': '{actor}{decision}了{kind}。',
    'escalation.cancelled': '待审批的申请已取消：案件已变化。',
    'payment.received': '收到回款：{amount}。',
    'case.closed': '案件已关闭：已无逾期余额。',
    other: '{actor}：{type}',
  },
};

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function caseEventView(e: CaseEventInput, locale: Locale): Message {
  const p = e.payload;
  const lines = LINES[locale];
  const template = lines[e.type] ?? lines.other!;
  const amount = p.amountMinor !== undefined ? formatAmount(BigInt(str(p.amountMinor)), e.currency, locale) : '';
  const decision = str(p.decision) === 'approve' || str(p.decision) === 'approved'
    ? (locale === 'zh-CN' ? '批准' : 'approved') : (locale === 'zh-CN' ? '驳回' : 'rejected');
  const values: Record<string, string> = {
    actor: e.actor?.name ?? 'duebot',
    owner: str((p.owner as { name?: string } | undefined)?.name),
    method: p.method ? t(locale, `method.${str(p.method)}` as never) : '',
    outcome: p.outcome ? ` (${t(locale, `outcome.${str(p.outcome)}` as never)})` : '',
    body: clip(str(p.body ?? p.text)),
    amount,
    date: p.date || p.until || p.promisedOn ? formatDate(str(p.date ?? p.until ?? p.promisedOn), locale) : '',
    invoice: str(p.invoiceNumber ?? p.invoice),
    reason: clip(str(p.reason)),
    decision,
    kind: t(locale, `escalation.kind.${str(p.kind) === 'writeoff' ? 'writeoff' : 'legal'}` as never),
    type: e.type,
  };
  const text = template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
  return { blocks: [{ type: 'section', text }], summary: text };
}
