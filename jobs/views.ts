// What the jobs need rendered, as functions the runtime is given. The real views live in
// src/chat/views (alert, digest); for messages whose view has not landed yet (reminders, thread
// notes, the KPI post, the lease question) a plain one-paragraph fallback keeps the jobs
// working until it does: pass `views` to createJobsRuntime to use the real ones.
import type { Level } from '../src/domain/aging.js';
import type { IsoDate } from '../src/domain/calendar.js';
import { alertView, type AlertState } from '../src/chat/views/alert.js';
import { digestView, type DigestInput } from '../src/chat/views/digest.js';
import { formatAmount, formatDate, formatPercent } from '../src/chat/i18n.js';
import type { Action, Locale, Message } from '../src/chat/message.js';
import { encodeAction } from '../src/chat/action-payload.js';

export interface PersonRef { id: number; name: string }
export interface CustomerRef { code: string; name: string }

/** One alert message: the invoices of one customer that entered a level in one scan. */
export interface AlertData {
  org: number;
  caseId: number;
  caseVersion: number;
  customer: CustomerRef;
  currency: string;
  owner: PersonRef | null;
  /** Worst first. */
  invoices: { id: number; number: string; openMinor: bigint; dueOn: IsoDate; daysOverdue: number; level: Level }[];
  state: AlertState;
}

export type ReminderKind = 'next_action' | 'promise_due' | 'promise_broken' | 'red_untouched' | 'escalation_pending'
  | 'snooze_ended' | 'lease_check' | 'target_flagged' | 'delivery_failed';

export interface ReminderData {
  kind: ReminderKind;
  org: number;
  recipient: PersonRef;
  case?: { id: number; version: number; customer: CustomerRef; owner: PersonRef | null; level: Level | null; nextActionOn: IsoDate | null };
  promise?: { amountMinor: bigint; currency: string; promisedOn: IsoDate };
  escalation?: { id: number; kind: 'legal' | 'writeoff'; requestedBy: PersonRef; since: IsoDate };
  target?: { scope: string; percent: string; actual: number | null; period: string };
  failure?: { platform: string; channelId: string; reason: string; kind: string };
}

/** A note in a case's alert thread. */
export interface ThreadNote {
  type: 'paid' | 'promise_broken' | 'released';
  org: number;
  customer: CustomerRef;
  promise?: { amountMinor: bigint; currency: string; promisedOn: IsoDate };
  owner?: PersonRef | null;
}

export interface KpiPostData {
  org: number;
  asOf: IsoDate;
  currency: string;
  scope?: { region?: string | null; product?: string | null };
  current: { recoveryRate: number | null; dso: number | null; cei: number | null; structure: Record<string, number> };
  lastWeek: { recoveryRate: number | null; dso: number | null; cei: number | null; structure: Record<string, number> };
  flagged: { scope: string; percent: string; actual: number | null; owner: PersonRef | null }[];
}

export interface JobViews {
  alert(data: AlertData, locale: Locale): Message;
  digest(data: DigestInput, locale: Locale): Message;
  reminder(data: ReminderData, locale: Locale): Message;
  thread(data: ThreadNote, locale: Locale): Message;
  kpi(data: KpiPostData, locale: Locale): Message;
}

const zh = (l: Locale) => l === 'zh-CN';
const label = (c: CustomerRef) => (c.code === c.name ? c.name : `${c.name} (${c.code})`);

/** The real alert view for the worst invoice; the others of the same crossing are listed under it. */
function alert(data: AlertData, locale: Locale): Message {
  const [worst, ...rest] = data.invoices;
  const msg = alertView({
    org: data.org, caseId: data.caseId, caseVersion: data.caseVersion, invoiceId: worst!.id, invoiceNumber: worst!.number,
    level: worst!.level, customer: data.customer, currency: data.currency, openMinor: worst!.openMinor, dueOn: worst!.dueOn,
    daysOverdue: worst!.daysOverdue, owner: data.owner, state: data.state,
  }, locale);
  if (rest.length === 0) return msg;
  const items = rest.map((i) => `${i.number} · ${formatAmount(i.openMinor, data.currency, locale)} · ${i.daysOverdue}${zh(locale) ? '天' : 'd'}`);
  return { ...msg, blocks: [...msg.blocks, { type: 'list', items }] };
}

function reminder(d: ReminderData, locale: Locale): Message {
  const c = d.case ? label(d.case.customer) : '';
  const z = zh(locale);
  const p = d.promise ? `${formatAmount(d.promise.amountMinor, d.promise.currency, locale)} ${formatDate(d.promise.promisedOn, locale)}` : '';
  const text: Record<ReminderKind, string> = {
    next_action: z ? `今天该跟进 ${c} 了。` : `Next action due today on ${c}.`,
    promise_due: z ? `${c} 承诺今天还款 ${p}。` : `${c} promised to pay ${p} today.`,
    promise_broken: z ? `${c} 未兑现还款承诺（${p}），已标记为违约。` : `${c} broke its promise to pay ${p}; marked broken.`,
    red_untouched: z ? `红色预警 ${c} 超过48小时无人认领或无记录。` : `Red case ${c} has had no owner or no record for 48 hours.`,
    escalation_pending: z ? `${c} 的升级申请已等待审批超过24小时。` : `The escalation of ${c} has waited for a decision for 24 hours.`,
    snooze_ended: z ? `${c} 的暂缓已结束。` : `The snooze on ${c} has ended.`,
    lease_check: z ? `${c} 多日没有催收记录：还在跟进吗？` : `No record on ${c} for a while: still working on it?`,
    target_flagged: z ? `回收率目标（${d.target?.scope} ${d.target?.percent}%）完成不足80%：当前 ${formatPercent(d.target?.actual ?? null, locale)}。`
      : `Recovery target (${d.target?.scope} ${d.target?.percent}%) is under 80% achieved: ${formatPercent(d.target?.actual ?? null, locale)} so far.`,
    delivery_failed: z ? `无法向 ${d.failure?.platform} ${d.failure?.channelId} 发送消息：${d.failure?.reason}。请检查机器人权限。`
      : `Messages to ${d.failure?.platform} ${d.failure?.channelId} fail: ${d.failure?.reason}. Check the bot's access.`,
  };
  const actions: Action[] = [];
  if (d.kind === 'lease_check' && d.case) {
    const value = encodeAction({ v: 1, org: d.org, case: d.case.id, ver: d.case.version });
    actions.push({ id: 'lease_keep', label: z ? '继续跟进' : 'Keep', value, style: 'primary' },
      { id: 'release', label: z ? '释放' : 'Release', value });
  }
  return { blocks: [{ type: 'section', text: text[d.kind] }], summary: text[d.kind], ...(actions.length ? { actions } : {}) };
}

function thread(n: ThreadNote, locale: Locale): Message {
  const z = zh(locale);
  const c = label(n.customer);
  const p = n.promise ? `${formatAmount(n.promise.amountMinor, n.promise.currency, locale)} ${formatDate(n.promise.promisedOn, locale)}` : '';
  const text = n.type === 'paid' ? (z ? `${c} 已还清逾期款项，案件关闭。` : `${c} has paid its overdue balance; the case is closed.`)
    : n.type === 'promise_broken' ? (z ? `${c} 未兑现还款承诺（${p}）。` : `${c} broke its promise to pay ${p}.`)
      : (z ? `${c} 长时间无记录，已释放回频道，可重新认领。` : `${c} had no record for too long and is released to the channel: claim it.`);
  return { blocks: [{ type: 'section', text }], summary: text, level: n.type === 'paid' ? 'green' : 'orange' };
}

function kpi(d: KpiPostData, locale: Locale): Message {
  const z = zh(locale);
  const pct = (r: number | null) => formatPercent(r, locale);
  const num = (n: number | null) => (n === null ? '—' : String(n));
  const rows = [
    [z ? '回收率' : 'Recovery rate', pct(d.current.recoveryRate), pct(d.lastWeek.recoveryRate)],
    ['DSO', num(d.current.dso), num(d.lastWeek.dso)],
    ['CEI', num(d.current.cei), num(d.lastWeek.cei)],
    ...Object.keys(d.current.structure).map((b) => [b, pct(d.current.structure[b] ?? 0), pct(d.lastWeek.structure[b] ?? 0)]),
  ];
  const title = z ? `每周回款指标 ${formatDate(d.asOf, locale)}` : `Weekly collection KPIs ${formatDate(d.asOf, locale)}`;
  const blocks: Message['blocks'] = [{ type: 'table', columns: ['', z ? '本周' : 'This week', z ? '上周' : 'Last week'], rows, align: ['left', 'right', 'right'] }];
  if (d.flagged.length) {
    blocks.push({ type: 'list', items: d.flagged.map((f) => (z ? `⚠ 目标 ${f.scope} ${f.percent}%：${pct(f.actual)}（不足80%）`
      : `⚠ Target ${f.scope} ${f.percent}%: ${pct(f.actual)} (under 80%)`)) });
  }
  return { title, blocks, summary: title };
}

export const defaultJobViews: JobViews = { alert, digest: digestView, reminder, thread, kpi };
