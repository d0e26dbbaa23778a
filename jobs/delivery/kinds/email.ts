// A message to a customer by email (issue 11): no chat platform, so it sends itself through the
// worker's mailer (SMTP_URL). Exactly once as far as SMTP allows: the delivery is marked 'sending'
// just before the SMTP conversation; the record and the message's status are written in one
// transaction with the server's answer, so a retry that finds them does not send again. SMTP has
// no way to ask whether a message arrived: a retry after an outcome that stayed unknown (the worker
// died between the server's 250 and our commit) sends the same bytes with the same Message-ID,
// which receiving systems use to drop the duplicate (RFC 5322 §3.6.4).
import { deliverMessage, giveUpMessage } from '../../../src/services/messages/deliver-message.js';
import { PlatformError } from '../../platform-error.js';
import type { DeliverySource } from '../deliver.js';
import type { KindContext } from './context.js';

export function emailKind(k: KindContext): DeliverySource {
  return {
    // Never rendered for a chat port: send() below is the whole of it.
    render: async () => ({ op: 'skip', reason: 'email_is_sent_by_send' }),
    async send(d, claim) {
      if (d.outbound_message_id === null) return { status: 'skip', reason: 'message_gone' };
      if (!k.mailer) return { status: 'failed', reason: 'smtp_not_configured', detail: 'set SMTP_URL and SMTP_FROM for the workers' };
      const r = await deliverMessage(k.db, k.mailer, { orgId: d.org_id, outboundId: d.outbound_message_id }, { now: k.now, beforeSend: claim });
      switch (r.status) {
        case 'sent': return { status: 'sent', messageId: r.messageId };
        case 'undelivered': return { status: 'failed', reason: 'smtp_rejected', detail: r.reason };
        case 'skip': return { status: 'skip', reason: r.reason };
        case 'wait': return { status: 'defer', until: r.until, reason: 'outside_customer_hours' };
        case 'transient': throw new PlatformError('transient', 'smtp_unavailable', undefined, r.detail);
      }
    },
    async settled(d, outcome) {
      // The retries ran out: the demand did not go; the record says so and the owner is told.
      if (outcome.status === 'failed' && d.outbound_message_id !== null) {
        await giveUpMessage(k.db, { orgId: d.org_id, outboundId: d.outbound_message_id }, outcome.reason ?? 'gave_up', k.now());
      }
    },
  };
}
