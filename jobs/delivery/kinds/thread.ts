// One line in the thread of a case's alert message for one case event (DESIGN.md "Case thread";
// which events have one: CASE_EVENTS in src/domain/case-events.ts). What the jobs find by
// themselves (paid in full, a promise broken, a claim's lease run out) reads as a note about the
// customer; what a person did names them (views/case-event.ts).
import { caseEventMessage } from '../../../src/chat/case-messages.js';
import type { Level } from '../../../src/domain/aging.js';
import type { DeliverySource } from '../deliver.js';
import type { ThreadNote } from '../../views.js';
import { refOf, type KindContext } from './context.js';

export function threadKind(k: KindContext): DeliverySource {
  const { db } = k;
  return {
    async render(d) {
      const [ev, cm] = await Promise.all([k.caseEvent(d), k.chatMessage(d)]);
      if (!ev || !cm || ev.case_id === null) return { op: 'skip', reason: 'event_gone' };
      const org = await k.org(d.org_id);
      const root = refOf(cm);
      const p = ev.payload as { reason?: string; promiseId?: number; from?: Level | null; to?: Level | null };
      const note: ThreadNote['type'] | null = ev.type === 'promise.broken' ? 'promise_broken'
        : ev.type === 'plan.completed' ? 'plan_completed'
        : ev.type === 'case.released' && p.reason === 'lease_expired' ? 'released'
          : ev.type === 'case.level_lowered' ? 'level_lowered'
            : ev.type === 'case.closed' ? (p.reason === 'written_off' ? null : 'paid') : null;
      if (ev.type === 'case.closed' && note === null) return { op: 'skip', reason: 'said_by_the_decision' };
      if (note === null) {
        const line = await caseEventMessage(db, ev, org.locale);
        return { op: 'post', channelId: cm.channel_id, message: line.message, locale: org.locale, alternates: line.opts.alternates, threadOf: root };
      }
      const c = await db.selectFrom('cases as c').innerJoin('customers as cu', 'cu.id', 'c.customer_id')
        .select(['cu.code', 'cu.name']).where('c.org_id', '=', d.org_id).where('c.id', '=', ev.case_id).executeTakeFirstOrThrow();
      const data: ThreadNote = { type: note, org: d.org_id, customer: { code: c.code, name: c.name } };
      if (note === 'level_lowered') data.levels = { from: p.from ?? null, to: p.to ?? null };
      if (p.promiseId) {
        const pr = await db.selectFrom('promises').select(['amount_minor', 'currency', 'promised_on'])
          .where('org_id', '=', d.org_id).where('id', '=', p.promiseId).executeTakeFirst();
        if (pr) data.promise = { amountMinor: pr.amount_minor, currency: pr.currency.trim(), promisedOn: pr.promised_on };
      }
      return { op: 'post', channelId: cm.channel_id, message: k.views.thread(data, org.locale), locale: org.locale, threadOf: root,
        record: { kind: 'other', caseId: ev.case_id } };
    },
  };
}
