// An escalation request in the managers' channel (DESIGN.md): the case in brief, the evidence
// chain, who asks and why, any override of missing evidence, and Approve / Reject. Write-off
// proposals use the same message (maker-checker, DOMAIN.md).
import type { EscalationKind } from '../../domain/escalation-rule.js';
import type { Level, Stage } from '../../domain/aging.js';
import type { IsoDate } from '../../domain/calendar.js';
import type { Missing } from '../../domain/escalation-rule.js';
import { formatAmount, formatDate, formatDays, t, type Locale } from '../i18n.js';
import type { Action, Block, Field, Message, Rich } from '../message.js';
import { caseAction, type CaseKey } from './case-actions.js';
import { recordLine, type CaseRecord } from './case-card.js';
import { missingLine } from './missing.js';
import { bold, customerLabel, type CustomerRef, fitItems, labelled, levelName, mention, oneLine, type Person } from './parts.js';

export interface EscalationSummary {
  org: number;
  caseId: number;
  /** The case version the request was made at (escalations.case_version). */
  caseVersion: number;
  escalationId: number;
  kind: EscalationKind;
  customer: CustomerRef;
  currency: string;
  /** The balance at request time (escalations.balance_minor). */
  balanceMinor: bigint;
  maxDaysOverdue: number;
  level: Level | null;
  stage: Stage | 'legal' | null;
  /** The invoice a write-off is for. */
  invoice?: { number: string; openMinor: bigint } | null;
  /** The collection agency a hand-off names. */
  agency?: string | null;
  requester: Person;
  requestedOn?: IsoDate | null;
  reason: string;
  /** A manager's written reason to go ahead although evidence is missing (DOMAIN.md). */
  overrideReason?: string | null;
  /** What was missing at request time (escalations.missing). */
  missing?: Missing[];
}

export interface EscalationRequestInput extends EscalationSummary {
  /** The case's records, newest first: the evidence chain. */
  evidence: CaseRecord[];
}

const EVIDENCE_SHOWN = 10;

export function escalationTitle(e: EscalationSummary, locale: Locale): string {
  return t(locale, `escalation.title.${e.kind}`, { customer: customerLabel(e.customer) });
}

/** The blocks both the request and its decision show. */
export function escalationSummaryBlocks(e: EscalationSummary, locale: Locale): Block[] {
  const fields: Field[] = [
    { label: t(locale, 'field.customer'), value: customerLabel(e.customer) },
    { label: t(locale, 'field.balance'), value: formatAmount(e.balanceMinor, e.currency, locale) },
    { label: t(locale, 'field.days'), value: formatDays(e.maxDaysOverdue, locale) },
    { label: t(locale, 'field.level'), value: levelName(e.level, locale) },
    { label: t(locale, 'field.stage'), value: e.stage ? t(locale, `stage.${e.stage}`) : t(locale, 'value.none') },
    { label: t(locale, 'field.requester'), value: [mention(e.requester)] },
  ];
  if (e.agency) fields.push({ label: t(locale, 'field.agency'), value: oneLine(e.agency, 100) });
  if (e.invoice) {
    fields.push({ label: t(locale, 'field.invoice'), value: `${oneLine(e.invoice.number, 40)} · ${formatAmount(e.invoice.openMinor, e.currency, locale)}` });
  }
  if (e.requestedOn) fields.push({ label: t(locale, 'field.requested_on'), value: formatDate(e.requestedOn, locale) });
  const blocks: Block[] = [
    { type: 'fields', fields },
    { type: 'section', text: labelled(t(locale, 'field.reason'), oneLine(e.reason, 1500)) },
  ];
  if (e.overrideReason) {
    blocks.push({ type: 'section', text: labelled(t(locale, 'escalation.override'), oneLine(e.overrideReason, 1000)) });
    if (e.missing?.length) blocks.push({ type: 'list', items: e.missing.map((m) => missingLine(m, locale)) });
  }
  return blocks;
}

export function escalationRequestView(input: EscalationRequestInput, locale: Locale): Message {
  const blocks = escalationSummaryBlocks(input, locale);
  blocks.push({ type: 'section', text: [bold(t(locale, 'escalation.evidence'))] });
  if (input.evidence.length === 0) {
    blocks.push({ type: 'context', text: t(locale, 'escalation.no_evidence') });
  } else {
    const items: Rich[] = fitItems(input.evidence.slice(0, EVIDENCE_SHOWN).map((r) => recordLine(r, locale)));
    blocks.push({ type: 'list', items });
    if (input.evidence.length > items.length) {
      blocks.push({ type: 'context', text: t(locale, 'escalation.more_evidence', { count: input.evidence.length - items.length }) });
    }
  }
  const key: CaseKey = { org: input.org, caseId: input.caseId, version: input.caseVersion };
  const customer = customerLabel(input.customer);
  const approve: Action = {
    ...caseAction('approve', key, locale, { esc: input.escalationId }),
    confirm: {
      title: t(locale, 'confirm.approve.title'), text: t(locale, `confirm.approve.${input.kind}`, { customer }),
      confirm: t(locale, 'confirm.approve.yes'), deny: t(locale, 'confirm.no'),
    },
  };
  const reject = caseAction('reject', key, locale, { esc: input.escalationId });
  return {
    title: escalationTitle(input, locale),
    level: input.kind === 'legal' ? 'red' : 'orange',
    blocks,
    actions: [approve, reject],
    summary: t(locale, 'escalation.summary', { title: escalationTitle(input, locale), user: input.requester.name }),
  };
}

