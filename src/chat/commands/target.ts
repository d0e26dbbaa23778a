// `/ar target org|region:<r>|owner:<@user>|product:<p> <recovery|collected|dso|cei|overdue> <value> [month|quarter]`
import { setTarget } from '../../services/targets.js';
import { actorById } from '../../services/identity.js';
import { answer, confirm, userRef, type ChatContext } from '../context.js';
import type { CommandHandler } from '../command.js';

export const target: CommandHandler<'target'> = async (ctx, cmd) => {
  const s = cmd.scope;
  const r = await setTarget(ctx.db, ctx.actor, {
    scope: s.kind, metric: cmd.metric, value: cmd.value, period: cmd.period,
    scopeValue: s.kind === 'region' ? s.region : s.kind === 'product' ? s.product : s.kind === 'owner' ? userRef(s.user, ctx.req) : undefined,
  });
  const scope = s.kind === 'org' ? { kind: 'org' as const } : s.kind === 'region' ? { kind: 'region' as const, region: s.region }
    : s.kind === 'product' ? { kind: 'product' as const, product: s.product }
      : { kind: 'owner' as const, user: await ownerPerson(ctx, Number(r.target.scopeValue)) };
  return answer(confirm({ kind: 'target_set', scope, metric: r.target.metric, value: r.target.value, currency: ctx.org.currency.trim(), period: r.target.period }, ctx));
};

async function ownerPerson(ctx: ChatContext, userId: number) {
  const u = await actorById(ctx.db, ctx.org.id, userId);
  return { id: u.userId, name: u.name };
}
