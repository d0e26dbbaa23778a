// The daily audit chain head (record count and head hash) for a channel subscribed to
// 'escalations' (issue 9, item 10): a copy of the head outside the database, as of the local date
// it was queued for. The head is read when the message is rendered, so a retry posts the head of
// that moment; `audit verify --against` accepts any head that is still in the chain.
import { chainHeadView } from '../../../src/chat/views/chain-head.js';
import { chainHead } from '../../../src/services/audit.js';
import type { DeliverySource } from '../deliver.js';
import type { KindContext } from './context.js';

export function chainHeadKind(k: KindContext): DeliverySource {
  return {
    async render(d) {
      const sub = await k.subscription(d);
      if (!sub || sub.kind !== 'escalations' || d.local_date === null) return { op: 'skip', reason: 'unsubscribed' };
      const org = await k.org(d.org_id);
      const { slug } = await k.db.selectFrom('orgs').select('slug').where('id', '=', d.org_id).executeTakeFirstOrThrow();
      const head = await chainHead(k.db, d.org_id);
      return { op: 'post', channelId: sub.channel_id, message: chainHeadView({ slug, records: head.seq, hash: head.hash, asOf: d.local_date }, org.locale),
        locale: org.locale };
    },
  };
}
