// The weekly post to channels subscribed to `legal`: the open legal cases by stage, each with how
// long it has been at that stage and with legal, and the cases collection agencies hold (issue 12).
import type { IsoDate } from '../../domain/calendar.js';
import type { LegalStage } from '../../store/schema.js';
import { formatAmount, formatDate, t, type Locale } from '../i18n.js';
import type { Block, Message } from '../message.js';
import { customerLabel, fitItems, oneLine, type CustomerRef } from './parts.js';

export interface LegalWeeklyInput {
  asOf: IsoDate;
  currency: string;
  legal: { customer: CustomerRef; stage: LegalStage | null; daysAtStage: number; daysWithLegal: number; overdueMinor: bigint }[];
  agencies: { customer: CustomerRef; agency: string; days: number; overdueMinor: bigint }[];
}

const SHOWN = 40;

export function legalWeeklyView(d: LegalWeeklyInput, locale: Locale): Message {
  const money = (m: bigint) => formatAmount(m, d.currency, locale);
  const title = t(locale, 'legal_weekly.title', { date: formatDate(d.asOf, locale) });
  const blocks: Block[] = [];
  if (d.legal.length === 0) blocks.push({ type: 'context', text: t(locale, 'legal_weekly.none') });
  const stages = [...new Set(d.legal.map((c) => c.stage))];
  let shown = 0;
  for (const stage of stages) {
    const cases = d.legal.filter((c) => c.stage === stage);
    blocks.push({ type: 'section', text: [{ text: `${stage ? t(locale, `legal.stage.${stage}`) : t(locale, 'legal_weekly.no_stage')} (${cases.length})`, bold: true }] });
    const lines = cases.slice(0, Math.max(0, SHOWN - shown)).map((c) => t(locale, 'legal_weekly.line', {
      customer: customerLabel(c.customer), amount: money(c.overdueMinor), n: c.daysAtStage, total: c.daysWithLegal,
    }));
    shown += lines.length;
    if (lines.length) blocks.push({ type: 'list', items: fitItems(lines) });
    if (lines.length < cases.length) blocks.push({ type: 'context', text: t(locale, 'legal_weekly.more', { n: cases.length - lines.length }) });
  }
  if (d.agencies.length) {
    blocks.push({ type: 'section', text: [{ text: t(locale, 'legal_weekly.agencies', { n: d.agencies.length }), bold: true }] });
    blocks.push({ type: 'list', items: fitItems(d.agencies.slice(0, SHOWN).map((a) => t(locale, 'legal_weekly.agency_line', {
      customer: customerLabel(a.customer), agency: oneLine(a.agency, 80), amount: money(a.overdueMinor), n: a.days,
    }))) });
  }
  const summary = t(locale, 'legal_weekly.summary', { n: d.legal.length, agencies: d.agencies.length });
  return { title, blocks, summary, level: 'blue' };
}
