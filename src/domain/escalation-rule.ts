// Legal escalation needs a complete evidence chain (001: 需提供至少三次以上书面催收记录及客户反馈证据).
import type { Stage } from './aging.js';

/** What a request asks for: legal action, a hand-off to a collection agency (DOMAIN.md "Legal track and agencies"), a write-off. */
export const ESCALATION_KINDS = ['legal', 'agency', 'writeoff'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

export const WRITTEN_METHODS = ['letter', 'email', 'sms', 'lawyer_letter'] as const;
/** Outcomes that show the customer answered: the customer's response (DOMAIN.md). */
export const RESPONSE_OUTCOMES = ['reached', 'promised', 'disputed', 'refused'] as const;

/** `undelivered`: a sent message the server refused (DOMAIN.md "Talking to customers": it then counts for nothing). */
export interface EvidenceRecord { method: string; outcome: string | null; undelivered?: boolean }

export interface EscalationPolicy { minWritten: number; minDaysOverdue: number }
export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = { minWritten: 3, minDaysOverdue: 91 };

export type Missing =
  | { kind: 'written_records'; have: number; need: number }
  | { kind: 'customer_response' }
  | { kind: 'advanced_stage'; daysOverdue: number; need: number };

/** What the case lacks for legal escalation; empty when it may go. */
export function missingEvidence(records: readonly EvidenceRecord[], maxDaysOverdue: number,
  policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY): Missing[] {
  const missing: Missing[] = [];
  const written = records.filter((r) => !r.undelivered && (WRITTEN_METHODS as readonly string[]).includes(r.method)).length;
  if (written < policy.minWritten) missing.push({ kind: 'written_records', have: written, need: policy.minWritten });
  if (!records.some((r) => r.outcome !== null && (RESPONSE_OUTCOMES as readonly string[]).includes(r.outcome))) {
    missing.push({ kind: 'customer_response' });
  }
  // Ours: the case must be in the advanced stage (> 90 days).
  if (maxDaysOverdue < policy.minDaysOverdue) {
    missing.push({ kind: 'advanced_stage', daysOverdue: maxDaysOverdue, need: policy.minDaysOverdue });
  }
  return missing;
}

export function stageAllowsLegal(stage: Stage | null): boolean {
  return stage === 'advanced';
}
