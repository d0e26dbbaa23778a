// The Propose write-off button of the monthly write-off review (issue 10; 001: 超过180天全额计提并
// 转入核销程序): finance proposes writing off each open invoice of the customer over 180 days
// overdue, exactly as `/ar writeoff <invoice>` would, so a manager approves each (maker-checker).
// A second click proposes nothing twice: a pending proposal is reported, not repeated.
import { addDays } from '../../domain/calendar.js';
import type { Locale } from '../../domain/locale.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { WRITEOFF_REVIEW_DAYS } from '../credit/writeoff-review.js';
import { loadOrgContext, resolveToday, type CommandOptions } from './case-command.js';
import { findCustomer } from './find-customer.js';
import { ledgerNote } from './ledger-notes.js';
import { requireRole, SUPERVISORS } from './permissions.js';
import { proposeWriteoff } from './propose-writeoff.js';

export type OverdueWriteoffsResult =
  | { status: 'proposed'; customer: { code: string; name: string }; proposed: string[]; alreadyPending: string[]; caseId: number }
  | { status: 'nothing_over_180'; customer: { code: string; name: string } };

export async function proposeOverdueWriteoffs(db: Db, actor: Actor, input: { customer: string }, opts: CommandOptions = {}): Promise<OverdueWriteoffsResult> {
  requireRole(actor, SUPERVISORS, 'propose_writeoff');
  const org = await loadOrgContext(db, actor.orgId);
  const today = resolveToday(org, opts.today);
  const customer = await findCustomer(db, actor.orgId, input.customer);
  const invoices = await db.selectFrom('invoices').select('number')
    .where('org_id', '=', actor.orgId).where('customer_id', '=', customer.id).where('status', 'in', ['open', 'disputed'])
    .whereRef('amount_minor', '>', 'paid_minor').where('currency', '=', org.currency)
    .where('due_on', '<', addDays(today, -WRITEOFF_REVIEW_DAYS)).orderBy('due_on').orderBy('number').execute();
  const who = { code: customer.code, name: customer.name };
  if (invoices.length === 0) return { status: 'nothing_over_180', customer: who };
  const locale = (await db.selectFrom('orgs').select('locale').where('id', '=', actor.orgId).executeTakeFirstOrThrow()).locale as Locale;
  const reason = ledgerNote('writeoff_review', locale);
  const proposed: string[] = [];
  const alreadyPending: string[] = [];
  let caseId = 0;
  for (const inv of invoices) {
    const r = await proposeWriteoff(db, actor, { invoice: inv.number, reason },
      { ...opts, ...(opts.idempotencyKey ? { idempotencyKey: `${opts.idempotencyKey}:${inv.number}` } : {}) });
    (r.status === 'proposed' ? proposed : alreadyPending).push(inv.number);
    caseId = r.case.id;
  }
  return { status: 'proposed', customer: who, proposed, alreadyPending, caseId };
}
