// Who may see a report's or a digest's money figures, where (issue 9, item 4). A channel may hold
// people of another organisation (a Slack Connect channel shared with the customer, a Lark
// external chat), and a post there tells them every debtor's balance. So figures are posted in a
// conversation only by a supervisor, and only where no one from outside can read them; everyone
// else, and every place that cannot be checked, gets them privately.

/** A conversation as its platform describes it (Slack conversations.info, Lark im/v1/chats/:chat_id). */
export type ChannelPlace =
  /** A channel or group chat; `external`: shared with another organisation (Slack is_ext_shared, Lark external). */
  | { kind: 'channel'; external: boolean }
  /** The asker's own direct conversation with the bot: only they read it. */
  | { kind: 'direct' }
  /** The platform would not say (the bot is not in it, the call failed): treated as readable by anyone. */
  | { kind: 'unknown' };

/** Why money figures went privately instead of into the conversation. */
export type PrivateReason = 'role' | 'shared_channel' | 'unchecked_channel';

export type MoneyAudience = { to: 'conversation' } | { to: 'private'; reason: PrivateReason };

/**
 * Where a report or digest asked for in `place` goes. `supervisor`: the asker is a manager, finance
 * or an admin. A direct conversation with the bot is already private; elsewhere the channel must be
 * known and internal, and the asker a supervisor.
 */
export function moneyFiguresAudience(supervisor: boolean, place: ChannelPlace): MoneyAudience {
  if (place.kind === 'direct') return { to: 'conversation' };
  if (place.kind === 'unknown') return { to: 'private', reason: 'unchecked_channel' };
  if (place.external) return { to: 'private', reason: 'shared_channel' };
  if (!supervisor) return { to: 'private', reason: 'role' };
  return { to: 'conversation' };
}

/**
 * Whether a channel may be subscribed to posts with money figures (digest, kpi): it must be known
 * and not shared with another organisation; a direct conversation is the subscriber's own.
 */
export function mayCarryMoneyFigures(place: ChannelPlace): boolean {
  return place.kind === 'direct' || (place.kind === 'channel' && !place.external);
}
