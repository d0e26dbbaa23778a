// Reports and digests show money figures: where they may be posted is decided once, here, from
// the asker's role and the conversation as the platform describes it (src/domain/money-audience.ts).
// A private answer says why it is private, so a sales person knows who can post it for the team.
import { moneyFiguresAudience, type ChannelPlace } from '../domain/money-audience.js';
import { hasRole, SUPERVISORS } from '../services/cases/permissions.js';
import type { ChatContext } from './context.js';
import { t } from './i18n.js';
import type { Message } from './message.js';

/** The conversation of a request; the console is the operator's own terminal. A lookup that fails is unknown. */
export async function placeOf(ctx: ChatContext): Promise<ChannelPlace> {
  if (!ctx.req.place) return ctx.req.platform === 'console' ? { kind: 'channel', external: false } : { kind: 'unknown' };
  try {
    return await ctx.req.place();
  } catch (e) {
    ctx.log.warn({ err: (e as Error)?.message, platform: ctx.req.platform }, 'channel lookup failed: money figures answered privately');
    return { kind: 'unknown' };
  }
}

/** `view` as the answer: in the conversation, or only to the asker with a line saying why. */
export async function moneyFiguresReply(ctx: ChatContext, view: Message): Promise<Message> {
  const audience = moneyFiguresAudience(hasRole(ctx.actor, SUPERVISORS), await placeOf(ctx));
  if (audience.to === 'conversation') return view;
  ctx.log.info({ reason: audience.reason, platform: ctx.req.platform, role: ctx.actor.role }, 'money figures answered privately');
  // First, so it survives when a long digest is cut to the platform's block limit.
  return { ...view, ephemeral: true, blocks: [{ type: 'context', text: t(ctx.locale, `money.private.${audience.reason}`) }, ...view.blocks] };
}

/** Whether the asker may have money figures posted in this conversation (a chart asked for here). */
export async function mayPostMoneyFigures(ctx: ChatContext): Promise<boolean> {
  return moneyFiguresAudience(hasRole(ctx.actor, SUPERVISORS), await placeOf(ctx)).to === 'conversation';
}
