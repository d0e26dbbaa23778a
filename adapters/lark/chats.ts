// What a Lark chat is, for the money-figures rule (issue 9, src/domain/money-audience.ts): an
// external chat (`external: true`, people of another tenant) or the asker's own p2p chat with the
// bot (`chat_mode: p2p`; a bot's p2p chat has one person in it). Remembered a few minutes per chat;
// a chat Lark will not describe (the bot is not in it: 232011, or no im:chat:readonly scope) is
// unknown, and the figures go privately.
import type { Logger } from 'pino';
import type { ChannelPlace } from '../../src/domain/money-audience.js';
import type { LarkApi } from './api.js';

const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 5000;

export interface ChatLookup {
  /** The chat a request came from; an open_id (a menu click, answered by direct message) is direct. */
  place(chatId: string): Promise<ChannelPlace>;
}

export function createChatLookup(api: Pick<LarkApi, 'chatInfo'>, log: Logger, now: () => number = Date.now): ChatLookup {
  const cache = new Map<string, { place: ChannelPlace; until: number }>();
  return {
    async place(chatId) {
      if (!chatId || chatId.startsWith('ou_')) return { kind: 'direct' };
      const hit = cache.get(chatId);
      if (hit && hit.until > now()) return hit.place;
      let place: ChannelPlace;
      try {
        const info = await api.chatInfo(chatId);
        place = info.chatMode === 'p2p' ? { kind: 'direct' } : { kind: 'channel', external: info.external };
      } catch (e) {
        log.info({ err: (e as Error)?.message, chatId }, 'lark chat lookup failed: the chat is treated as unchecked');
        return { kind: 'unknown' };
      }
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(chatId, { place, until: now() + TTL_MS });
      return place;
    },
  };
}
