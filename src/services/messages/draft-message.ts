// A message to a customer, composed and frozen (issue 11): the statement or letter in the billing
// contact's language, its HTML and text bodies and PDF stored as they will be sent, so what a person
// approves in the preview is byte for byte what leaves and is hashed.
import { DuebotError } from '../../errors.js';
import type { IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { customerDocument, type CustomerDocument } from '../documents/customer-document.js';
import type { TemplateKind } from '../documents/template-fields.js';
import { sha256Hex } from '../email/email-hashes.js';

export interface Draft {
  id: number;
  doc: CustomerDocument;
  /** The case owner, else the customer's owner (who may send, and the default Reply-To). */
  ownerUserId: number | null;
}

export async function draftMessage(db: Db, orgId: number, customer: string, kind: TemplateKind, opts: {
  today: IsoDate; requestedBy: number | null; automatic?: boolean; dedupeKey?: string;
}): Promise<Draft> {
  const doc = await customerDocument(db, orgId, customer, kind, { today: opts.today });
  const d = doc.data;
  if (d.recipients.length === 0) {
    throw new DuebotError('invalid', `${d.customer.code} has no contact with an email: duebot import contacts`,
      { reason: 'no_contact_email', subject: d.customer.code });
  }
  if (d.invoices.length === 0) {
    throw new DuebotError('invalid', `${d.customer.code} has no invoice a ${kind} would be about`, { reason: 'nothing_to_send', subject: d.customer.code });
  }
  const customerRow = await db.selectFrom('customers').select('owner_user_id').where('org_id', '=', orgId).where('id', '=', d.customer.id)
    .executeTakeFirstOrThrow();
  const m = doc.message;
  const row = await db.insertInto('outbound_messages').values({
    org_id: orgId, case_id: d.caseId, customer_id: d.customer.id, kind, locale: m.locale,
    recipients: d.recipients.map((r) => r.email), reply_to: d.owner?.email ?? null, subject: m.subject, html: m.html, text_body: m.text,
    automatic: opts.automatic ?? false, requested_by: opts.requestedBy, dedupe_key: opts.dedupeKey ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  if (m.attachments.length) {
    await db.insertInto('outbound_attachments').values(m.attachments.map((a, position) => ({
      message_id: row.id, org_id: orgId, position, filename: a.filename, content_type: a.contentType, data: a.data, sha256: sha256Hex(a.data),
    }))).execute();
  }
  return { id: row.id, doc, ownerUserId: d.owner?.id ?? customerRow.owner_user_id };
}
