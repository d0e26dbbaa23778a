// `/ar subscribe <kind> [region:…] [product:…] [at:HH:MM]`: this channel gets that kind of post.
import { subscribe as subscribeChannel } from '../../services/subscriptions.js';
import { answer, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { placeOf } from '../money-reply.js';

export const subscribe: CommandHandler<'subscribe'> = async (ctx, cmd) => {
  await subscribeChannel(ctx.db, ctx.actor, { platform: ctx.req.platform, channelId: ctx.req.channelId, kind: cmd.subscription,
    region: cmd.filter.region, product: cmd.filter.product, at: cmd.filter.at,
    place: await placeOf(ctx) });
  return answer(confirm({ kind: 'subscribed', subscription: cmd.subscription, filter: cmd.filter }, ctx));
};
