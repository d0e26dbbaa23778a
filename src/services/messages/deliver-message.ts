// The send itself (issue 11), run by the `email` delivery (jobs/delivery/kinds/email.ts): the
// frozen message goes to SMTP with a Message-ID minted and stored before the first try, and what
// happened becomes a written collection record (DOMAIN.md "Talking to customers"): method email,
// the recipients, the Message-ID, the SHA-256 of the exact bytes (both bodies, each attachment) and
// the server's answer, chained like every record. A refusal (5yz), or giving up after retries, also
// writes the record — it was a written demand that did not arrive — and marks it undelivered in
// record_delivery_statuses (records are append-only): it then counts for neither the evidence rule
// nor the limitation period, and the owner is told (the email.undelivered event).
import { randomBytes } from 'node:crypto';
import type { Db } from '../../store/connection.js';
import type { OutboundMessagesTable } from '../../store/schema.js';
import type { Selectable } from 'kysely';
import { toJson } from '../cases/case-command.js';
import { emailHashes } from '../email/email-hashes.js';
import { messageIdDomain, type Mailer } from '../email/mailer.js';

export type DeliverOutcome =
  | { status: 'sent'; messageId: string }
  | { status: 'undelivered'; reason: string }
  | { status: 'transient'; detail: string }
  | { status: 'skip'; reason: string }
  | { status: 'wait'; until: Date };

type Row = Selectable<OutboundMessagesTable>;
interface Attachment { filename: string; content_type: string; data: Buffer }

export async function deliverMessage(db: Db, mailer: Mailer, ids: { orgId: number; outboundId: number },
  opts: { now: () => Date; beforeSend?: () => Promise<void> }): Promise<DeliverOutcome> {
  let row = await db.selectFrom('outbound_messages').selectAll().where('org_id', '=', ids.orgId).where('id', '=', ids.outboundId).executeTakeFirst();
  if (!row) return { status: 'skip', reason: 'message_gone' };
  // A retry after an unknown outcome: what was recorded is the answer (the record and this status
  // are written in one transaction right after the server's reply).
  if (row.status === 'sent') return { status: 'sent', messageId: row.message_id ?? '' };
  if (row.status === 'undelivered') return { status: 'undelivered', reason: row.smtp_response ?? 'undelivered' };
  if (row.status !== 'queued') return { status: 'skip', reason: `message_${row.status}` };
  if (row.not_before && row.not_before.getTime() > opts.now().getTime()) return { status: 'wait', until: row.not_before };

  if (!row.message_id) {
    // RFC 5322 §3.6.4: unique, in our domain. Stored before the first try, so every retry sends the
    // same message and the receiving side can tell a resend after an unknown outcome.
    const minted = `<duebot.${ids.orgId}.${row.id}.${randomBytes(8).toString('hex')}@${messageIdDomain(mailer.from)}>`;
    await db.updateTable('outbound_messages').set({ message_id: minted }).where('org_id', '=', ids.orgId).where('id', '=', row.id)
      .where('message_id', 'is', null).execute();
    row = await db.selectFrom('outbound_messages').selectAll().where('org_id', '=', ids.orgId).where('id', '=', row.id).executeTakeFirstOrThrow();
  }
  const attachments = await db.selectFrom('outbound_attachments').select(['filename', 'content_type', 'data'])
    .where('org_id', '=', ids.orgId).where('message_id', '=', row.id).orderBy('position').execute();

  await opts.beforeSend?.();
  const outcome = await mailer.send({
    messageId: row.message_id!, to: row.recipients, replyTo: mailer.replyTo ?? row.reply_to, subject: row.subject,
    text: row.text_body, html: row.html, attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.content_type, data: a.data })),
  });
  if (outcome.status === 'transient') return { status: 'transient', detail: outcome.response };
  const answer = outcome.status === 'accepted'
    ? `${outcome.response}${outcome.rejected.length ? ` (refused: ${outcome.rejected.join(', ')})` : ''}`
    : outcome.response.startsWith(String(outcome.code)) ? outcome.response : `${outcome.code} ${outcome.response}`;
  await settle(db, row, attachments, outcome.status === 'accepted' ? 'sent' : 'undelivered', answer.slice(0, 500), opts.now());
  return outcome.status === 'accepted' ? { status: 'sent', messageId: row.message_id! } : { status: 'undelivered', reason: answer.slice(0, 200) };
}

/** Retries ran out (a server that never answered): the record is written and marked undelivered. */
export async function giveUpMessage(db: Db, ids: { orgId: number; outboundId: number }, reason: string, now: Date): Promise<void> {
  const row = await db.selectFrom('outbound_messages').selectAll().where('org_id', '=', ids.orgId).where('id', '=', ids.outboundId).executeTakeFirst();
  if (!row || row.status !== 'queued') return;
  const attachments = await db.selectFrom('outbound_attachments').select(['filename', 'content_type', 'data'])
    .where('org_id', '=', ids.orgId).where('message_id', '=', row.id).orderBy('position').execute();
  await settle(db, row, attachments, 'undelivered', reason.slice(0, 500), now);
}

/** The record body: what was sent, to whom, its Message-ID and hashes, and the server's answer. */
export function recordBody(row: Pick<Row, 'kind' | 'recipients' | 'subject' | 'message_id' | 'html' | 'text_body'>, attachments: Attachment[],
  smtp: string): string {
  const h = emailHashes({ html: row.html, text: row.text_body, attachments });
  return [
    `Email: ${row.kind}`,
    `To: ${row.recipients.join(', ')}`,
    `Subject: ${row.subject}`,
    `Message-ID: ${row.message_id ?? ''}`,
    `SHA-256 text/html: ${h.html}`,
    `SHA-256 text/plain: ${h.text}`,
    ...h.attachments.map((a) => `SHA-256 ${a.filename} (${a.bytes} bytes): ${a.sha256}`),
    `SMTP: ${smtp}`,
  ].join('\n');
}

async function settle(db: Db, row: Row, attachments: Attachment[], status: 'sent' | 'undelivered', smtp: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('outbound_messages').select(['status']).where('org_id', '=', row.org_id).where('id', '=', row.id)
      .forUpdate().executeTakeFirstOrThrow();
    if (locked.status !== 'queued') return;   // settled by another worker
    let recordId: number | null = null;
    if (row.case_id !== null) {
      const r = await trx.insertInto('collection_records').values({
        org_id: row.org_id, case_id: row.case_id, customer_id: row.customer_id, author_user_id: row.approved_by, method: 'email',
        outcome: null, body: recordBody(row, attachments, smtp), idempotency_key: `email:${row.id}`, recorded_at: now,
      }).returning('id').executeTakeFirstOrThrow();
      recordId = r.id;
      await trx.updateTable('cases').set((eb) => ({ last_record_at: now, version: eb('version', '+', 1) }))
        .where('org_id', '=', row.org_id).where('id', '=', row.case_id).execute();
      if (status === 'undelivered') {
        await trx.insertInto('record_delivery_statuses').values({ org_id: row.org_id, record_id: r.id, status: 'undelivered', reason: smtp }).execute();
      }
    }
    await trx.updateTable('outbound_messages').set({ status, record_id: recordId, smtp_response: smtp, updated_at: now })
      .where('org_id', '=', row.org_id).where('id', '=', row.id).execute();
    const actor = row.approved_by === null ? null
      : await trx.selectFrom('users').select(['id', 'name']).where('org_id', '=', row.org_id).where('id', '=', row.approved_by).executeTakeFirst();
    const payload = { caseId: row.case_id, customerId: row.customer_id, actor: actor ? { userId: actor.id, name: actor.name } : null,
      outboundId: row.id, messageKind: row.kind, recordId, recipients: row.recipients, ...(status === 'undelivered' ? { reason: smtp } : {}) };
    await trx.insertInto('case_events').values({ org_id: row.org_id, case_id: row.case_id,
      type: status === 'sent' ? 'email.sent' : 'email.undelivered', payload: toJson(payload) }).execute();
    await trx.insertInto('audit_log').values({ org_id: row.org_id, actor: 'smtp', action: status === 'sent' ? 'message.sent' : 'message.undelivered',
      subject_type: 'outbound_message', subject_id: String(row.id), detail: toJson({ recordId, messageId: row.message_id, smtp }) }).execute();
  });
}
