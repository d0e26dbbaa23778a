// The evidence file a person asked for with `/ar evidence` (src/services/legal/request-evidence.ts):
// built when it is sent (the records as they are then, in the asker's language; each build's
// SHA-256 goes to the audit log) and sent to them privately with a message saying what it is.
import { evidenceSentView } from '../../../src/chat/views/evidence-sent.js';
import { isDuebotError } from '../../../src/errors.js';
import { actorById } from '../../../src/services/identity.js';
import { evidenceFile } from '../../../src/services/legal/evidence-file.js';
import type { DeliverySource } from '../deliver.js';
import { dmRecipient, type KindContext } from './context.js';

export function evidenceKind(k: KindContext): DeliverySource {
  const { db } = k;
  return {
    async render(d) {
      const ev = await k.caseEvent(d);
      if (!ev || ev.type !== 'evidence.requested' || d.user_id === null) return { op: 'skip', reason: 'event_gone' };
      const customerId = Number(ev.payload.customerId);
      const customer = await db.selectFrom('customers').select(['id', 'code', 'name']).where('org_id', '=', d.org_id).where('id', '=', customerId).executeTakeFirst();
      if (!customer) return { op: 'skip', reason: 'customer_gone' };
      const actor = await actorById(db, d.org_id, d.user_id);
      let file;
      try {
        // Their role is checked again now: someone who lost it since gets nothing.
        file = await evidenceFile(db, actor, customer.code, k.now());
      } catch (e) {
        if (isDuebotError(e) && (e.code === 'forbidden' || e.code === 'not_found')) return { op: 'skip', reason: `evidence_${e.code}` };
        throw e;
      }
      const message = evidenceSentView({ customer: { code: customer.code, name: customer.name }, records: file.records, sha256: file.sha256,
        chainHead: file.chainHead ? { seq: String(file.chainHead.seq), hash: file.chainHead.hash } : null }, actor.locale);
      return { op: 'file', externalUserId: dmRecipient(d), locale: actor.locale, message,
        file: { bytes: file.pdf, filename: file.fileName, title: file.fileName, mime: 'application/pdf' } };
    },
  };
}
