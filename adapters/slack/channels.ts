// What a Slack conversation is, for the money-figures rule (issue 9, src/domain/money-audience.ts):
// conversations.info says whether a channel is shared with another organisation (Slack Connect:
// `is_ext_shared`, or `is_shared` outside an Enterprise Grid org, or an invitation still pending)
// and whether it is a direct message (`is_im`, and then `user` is the person the bot talks to).
// Remembered a few minutes per channel; `channel_shared` / `channel_unshared` events forget it.
// Anything Slack will not tell us (a private channel or a DM the bot is not in answers
// channel_not_found) is unknown: the figures go privately.
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ChannelPlace } from '../../src/domain/money-audience.js';
import { errorSummary } from './people.js';

const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 5000;

interface Facts { im: boolean; imUser?: string; external: boolean }

export interface ChannelLookup {
  /** The conversation `channelId` as seen by `userId` (their own DM with the bot is 'direct'). */
  place(channelId: string, userId: string): Promise<ChannelPlace>;
  /** Slack said the channel's sharing changed: ask again next time. */
  forget(channelId: string): void;
}

export function createChannelLookup(client: webApi.WebClient, log: Logger, now: () => number = Date.now): ChannelLookup {
  const cache = new Map<string, { facts: Facts; until: number }>();

  async function facts(channelId: string): Promise<Facts | null> {
    const hit = cache.get(channelId);
    if (hit && hit.until > now()) return hit.facts;
    try {
      const res = await client.conversations.info({ channel: channelId });
      const c = (res.channel ?? {}) as { is_im?: boolean; user?: string; is_shared?: boolean; is_ext_shared?: boolean;
        is_org_shared?: boolean; is_pending_ext_shared?: boolean };
      const external = Boolean(c.is_ext_shared || c.is_pending_ext_shared || (c.is_shared && !c.is_org_shared));
      const f: Facts = { im: Boolean(c.is_im), ...(c.user ? { imUser: c.user } : {}), external };
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(channelId, { facts: f, until: now() + TTL_MS });
      return f;
    } catch (e) {
      log.info({ err: errorSummary(e), channel: channelId }, 'slack conversations.info failed: the channel is treated as unchecked');
      return null;
    }
  }

  return {
    async place(channelId, userId) {
      // No channel: the App Home tab, answered by direct message.
      if (!channelId) return { kind: 'direct' };
      const f = await facts(channelId);
      if (!f) return { kind: 'unknown' };
      if (f.im) return f.imUser === userId ? { kind: 'direct' } : { kind: 'unknown' };
      return { kind: 'channel', external: f.external };
    },
    forget: (channelId) => { cache.delete(channelId); },
  };
}
