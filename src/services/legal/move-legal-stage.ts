// `/ar legal <customer> <stage> <note>`: move an approved legal case to its next litigation stage
// (001: 訴前調解 → 財產保全 → 強制執行). Each move is a collection record (in the hash chain) and a
// legal_moves row; `filed` interrupts the limitation clock (民法典 第195條); `closed` ends the track
// with the amount recovered, or as uncollectable, which proposes the open invoices for write-off review.
import { z } from 'zod';
import { DuebotError } from '../../errors.js';
import { parseMoney } from '../../domain/money.js';
import type { Db } from '../../store/connection.js';
import type { LegalStage } from '../../store/schema.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from '../cases/case-command.js';
import { bodyText, insertRecord } from '../cases/log-record.js';
import { openCaseFor, summarize, updateCase, type CaseSummary } from '../cases/open-case.js';
import { LEGAL_DECIDERS, requireRole } from '../cases/permissions.js';
import { insertEscalation } from '../cases/request-escalation.js';

/** The stages in their order (DOMAIN "Legal track and agencies"). */
import { LEGAL_STAGES } from '../../domain/legal-stages.js';
export { LEGAL_STAGES };

/** Who moves a legal case: legal, managers, admins (the deciders of legal escalation). */
export const LEGAL_WORKERS = LEGAL_DECIDERS;

/** The stage after `stage` (null when closed); a case just handed to legal starts at the lawyer's letter. */
export function nextLegalStage(stage: LegalStage | null): LegalStage | null {
  if (stage === null) return 'letter';
  const i = LEGAL_STAGES.indexOf(stage);
  return i < 0 || i + 1 >= LEGAL_STAGES.length ? null : LEGAL_STAGES[i + 1]!;
}

const MoveInput = z.object({
  customer: z.string(),
  stage: z.enum(LEGAL_STAGES),
  note: bodyText,
  /** closed only: recovered (with the amount, major units) or uncollectable. */
  result: z.enum(['recovered', 'uncollectable']).optional(),
  recovered: z.string().optional(),
});
export type MoveLegalStageInput = z.input<typeof MoveInput>;

export interface LegalMoveResult {
  status: 'moved';
  moveId: number;
  from: LegalStage | null;
  stage: LegalStage;
  result: 'recovered' | 'uncollectable' | null;
  recoveredMinor: bigint | null;
  /** Write-off proposals opened for review when closed as uncollectable. */
  writeoffProposals: number;
  recordId: number;
  case: CaseSummary;
}

export async function moveLegalStage(db: Db, actor: Actor, input: MoveLegalStageInput, opts: CommandOptions = {}): Promise<LegalMoveResult> {
  const args = parseInput(MoveInput, input);
  if (args.stage === 'closed' && !args.result) {
    throw new DuebotError('invalid', 'closing a legal case needs "recovered <amount>" or "uncollectable"', { field: 'result' });
  }
  if (args.stage !== 'closed' && (args.result || args.recovered)) {
    throw new DuebotError('invalid', 'only a closed legal case has a result', { field: 'result' });
  }
  return runCommand(db, actor, 'legal.move', opts, async (ctx) => {
    requireRole(actor, LEGAL_WORKERS, 'legal_stage');
    const oc = await openCaseFor(ctx, args.customer);
    if (oc.row.status !== 'legal') {
      throw new DuebotError('conflict', 'the case is not with legal: a manager must approve an escalation first', { reason: 'not_legal' });
    }
    const from = oc.row.legal_stage ?? null;
    if (from === 'closed') throw new DuebotError('conflict', 'the legal track of this case is closed', { reason: 'legal_closed' });
    // Forward only: a stage may be skipped (not every case is mediated), never gone back to.
    if (from !== null && LEGAL_STAGES.indexOf(args.stage) <= LEGAL_STAGES.indexOf(from)) {
      throw new DuebotError('conflict', `the case is already at ${from}; stages only move forward`, { reason: 'stage_backwards', from });
    }
    let recoveredMinor: bigint | null = null;
    if (args.result === 'recovered') {
      const parsed = args.recovered === undefined ? null : parseMoney(args.recovered, ctx.org.currency);
      if (!parsed?.ok || parsed.minor > 10n ** 15n) {
        throw new DuebotError('invalid', `recovered needs an amount such as 12000.50 in ${ctx.org.currency}`, { field: 'recovered' });
      }
      recoveredMinor = parsed.minor;
    }
    const { summary } = await insertRecord(ctx, oc, {
      method: args.stage === 'letter' ? 'lawyer_letter' : 'note', outcome: null,
      body: `[${args.stage}] ${args.note}`,
      idempotencyKey: opts.idempotencyKey && `legal.move:${opts.idempotencyKey}`,
    });
    const move = await ctx.trx.insertInto('legal_moves').values({
      org_id: actor.orgId, case_id: oc.row.id, customer_id: oc.customer.id, stage: args.stage,
      result: args.result ?? null, recovered_minor: recoveredMinor, record_id: summary.id, moved_by: actor.userId, moved_on: ctx.today,
    }).returning('id').executeTakeFirstOrThrow();
    let writeoffProposals = 0;
    if (args.result === 'uncollectable') {
      // 001: 全額計提並轉入核銷程序 — each open invoice goes to write-off review (a manager approves).
      for (const inv of oc.invoices) {
        const { created } = await insertEscalation(ctx, oc, {
          kind: 'writeoff', invoiceId: inv.id, reason: `legal: uncollectable — ${args.note}`, overrideReason: null,
          missing: [], balanceMinor: inv.balanceMinor,
        });
        if (created) writeoffProposals++;
      }
    }
    const row = await updateCase(ctx, oc.row.id, { legal_stage: args.stage });
    await recordChange(ctx, { action: 'legal.move', subject: { type: 'case', id: oc.row.id }, event: 'legal.stage_moved',
      caseId: oc.row.id, customerId: oc.customer.id,
      payload: { moveId: move.id, from, stage: args.stage, result: args.result ?? null,
        recoveredMinor: recoveredMinor?.toString() ?? null, recordId: summary.id } });
    return {
      status: 'moved' as const, moveId: move.id, from, stage: args.stage, result: args.result ?? null, recoveredMinor,
      writeoffProposals, recordId: summary.id, case: await summarize(ctx.trx, oc, row),
    };
  });
}
