// `/ar unsubscribe <kind> [region:…] [product:…]`
import { unsubscribe as unsubscribeChannel } from '../../services/subscriptions.js';
import { answer, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';

export const unsubscribe: CommandHandler<'unsubscribe'> = async (ctx, cmd) => {
  await unsubscribeChannel(ctx.db, ctx.actor, { platform: ctx.req.platform, channelId: ctx.req.channelId, kind: cmd.subscription,
    region: cmd.filter.region, product: cmd.filter.product });
  return answer(confirm({ kind: 'unsubscribed', subscription: cmd.subscription, filter: cmd.filter }, ctx));
};
