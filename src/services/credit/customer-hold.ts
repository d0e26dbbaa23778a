// `/ar hold <customer> <reason>` / `/ar unhold <customer> [note]`: a supply hold (DOMAIN.md "Credit
// control"; 001: 暂停部分服务或限制账户功能), set by finance or a manager with a reason, lifted
// explicitly. One hold in force per customer (a partial unique index settles two at once);
// holding a held customer or lifting a free one changes nothing and says so.
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../store/connection.js';
import type { Role } from '../../store/schema.js';
import type { Actor } from '../identity.js';
import { parseInput, runCommand, toJson, type CommandOptions } from '../cases/case-command.js';
import { findCustomer } from '../cases/find-customer.js';
import { bodyText } from '../cases/log-record.js';
import { requireRole } from '../cases/permissions.js';

/** Finance or a manager (DOMAIN.md); an admin can do what both can. */
export const HOLD_SETTERS: readonly Role[] = ['admin', 'manager', 'finance'];

export interface HoldView {
  customer: { id: number; code: string; name: string };
  reason: string;
  setBy: { id: number; name: string } | null;
  /** ISO instant. */
  setAt: string;
}

export type HoldResult =
  | { status: 'held'; hold: HoldView }
  | { status: 'already_held'; hold: HoldView };

export type UnholdResult =
  | { status: 'lifted'; hold: HoldView; note: string | null }
  | { status: 'not_held'; customer: { id: number; code: string; name: string } };

const HoldInput = z.object({ customer: z.string(), reason: bodyText });
const UnholdInput = z.object({ customer: z.string(), note: z.string().trim().max(4000).optional() });
export type HoldInput = z.input<typeof HoldInput>;
export type UnholdInput = z.input<typeof UnholdInput>;

/** The hold in force on a customer, if any. */
export async function holdOf(db: Db, orgId: number, customerId: number): Promise<HoldView | null> {
  const r = await db.selectFrom('customer_holds as h').innerJoin('customers as c', 'c.id', 'h.customer_id')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'h.set_by').onRef('u.org_id', '=', 'h.org_id'))
    .select(['c.id', 'c.code', 'c.name', 'h.reason', 'h.set_at', 'u.id as uid', 'u.name as uname'])
    .where('h.org_id', '=', orgId).where('h.customer_id', '=', customerId).where('h.lifted_at', 'is', null).executeTakeFirst();
  return r ? { customer: { id: r.id, code: r.code, name: r.name }, reason: r.reason,
    setBy: r.uid !== null && r.uname !== null ? { id: r.uid, name: r.uname } : null, setAt: new Date(r.set_at).toISOString() } : null;
}

export async function holdCustomer(db: Db, actor: Actor, input: HoldInput, opts: CommandOptions = {}): Promise<HoldResult> {
  const args = parseInput(HoldInput, input);
  requireRole(actor, HOLD_SETTERS, 'hold');
  return runCommand(db, actor, 'customer.hold', opts, async ({ trx }) => {
    const customer = await findCustomer(trx, actor.orgId, args.customer);
    const inserted = await sql<{ id: number }>`
      insert into customer_holds (org_id, customer_id, reason, set_by)
      values (${actor.orgId}, ${customer.id}, ${args.reason}, ${actor.userId})
      on conflict (org_id, customer_id) where lifted_at is null do nothing
      returning id`.execute(trx);
    const hold = (await holdOf(trx, actor.orgId, customer.id))!;
    if (inserted.rows.length === 0) return { status: 'already_held' as const, hold };
    await trx.insertInto('audit_log').values({ org_id: actor.orgId, actor_user_id: actor.userId, actor: `user:${actor.userId}`,
      action: 'customer.hold', subject_type: 'customer', subject_id: String(customer.id),
      detail: toJson({ customerId: customer.id, code: customer.code, reason: args.reason }) }).execute();
    return { status: 'held' as const, hold };
  });
}

export async function unholdCustomer(db: Db, actor: Actor, input: UnholdInput, opts: CommandOptions = {}): Promise<UnholdResult> {
  const args = parseInput(UnholdInput, input);
  requireRole(actor, HOLD_SETTERS, 'unhold');
  return runCommand(db, actor, 'customer.unhold', opts, async ({ trx }) => {
    const customer = await findCustomer(trx, actor.orgId, args.customer);
    const hold = await holdOf(trx, actor.orgId, customer.id);
    const note = args.note && args.note !== '' ? args.note : null;
    const lifted = await trx.updateTable('customer_holds').set({ lifted_at: new Date(), lifted_by: actor.userId, lift_note: note })
      .where('org_id', '=', actor.orgId).where('customer_id', '=', customer.id).where('lifted_at', 'is', null)
      .returning('id').executeTakeFirst();
    if (!lifted || !hold) return { status: 'not_held' as const, customer: { id: customer.id, code: customer.code, name: customer.name } };
    await trx.insertInto('audit_log').values({ org_id: actor.orgId, actor_user_id: actor.userId, actor: `user:${actor.userId}`,
      action: 'customer.unhold', subject_type: 'customer', subject_id: String(customer.id),
      detail: toJson({ customerId: customer.id, code: customer.code, note }) }).execute();
    return { status: 'lifted' as const, hold, note };
  });
}
