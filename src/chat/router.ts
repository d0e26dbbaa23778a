// The router: a typed command or a button → its command handler (./commands/) → a neutral view.
// Adapters translate platform payloads into ChatRequests and render what comes back; no business
// rule lives here — only who is asking (./context.ts), which command a button means (./buttons.ts)
// and the one place refusals and failures become an answer.
import { DuebotError } from '../errors.js';
import type { Chat, ChatDeps } from './chat.js';
import type { ButtonRequest, ChatRequest, ChatResponse } from './request.js';
import type { Locale } from './message.js';
import { parseCommand } from './grammar.js';
import { decodeAction, type ActionPayload } from './action-payload.js';
import { answer, createContext, ephemeral, failure, type ChatContext } from './context.js';
import { buttonCommand, type ButtonCase } from './buttons.js';
import { runCommand } from './commands/index.js';
import { usageErrorView } from './views/usage-error.js';
import { createCasePublisher } from './case-publisher.js';

export function createChat(deps: ChatDeps): Chat {
  const { db, log } = deps;
  const now = deps.now ?? (() => new Date());
  const defaultLocale: Locale = process.env.DUEBOT_LOCALE === 'en-US' ? 'en-US' : 'zh-CN';
  const publisher = createCasePublisher(deps);

  /** Runs a handler; any refusal or failure becomes a short ephemeral answer that changed nothing. */
  async function guard(req: ChatRequest, fn: (ctx: ChatContext) => Promise<ChatResponse>): Promise<ChatResponse> {
    let locale = defaultLocale;
    try {
      const ctx = await createContext({ db, log }, req, now());
      locale = ctx.locale;
      return await fn(ctx);
    } catch (e) {
      return { reply: failure(log, e, locale, req), changedCaseIds: [] };
    }
  }

  /** The case a button names: same org as the person clicking, or nothing. */
  async function buttonCase(ctx: ChatContext, p: ActionPayload): Promise<ButtonCase> {
    if (p.org !== ctx.org.id) throw new DuebotError('forbidden', 'button of another org', { reason: 'other_org' });
    const row = await db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['cases.id', 'cases.version', 'customers.code', 'customers.name'])
      .where('cases.org_id', '=', ctx.org.id).where('cases.id', '=', p.case).executeTakeFirst();
    if (!row) throw new DuebotError('not_found', 'case not found');
    return row;
  }

  async function button(ctx: ChatContext, req: ButtonRequest): Promise<ChatResponse> {
    const payload = req.value ? decodeAction(req.value) : null;
    const kase = payload ? await buttonCase(ctx, payload) : null;
    const cmd = buttonCommand(req.actionId, { org: ctx.org.id, payload, kase, form: req.formValues ?? {}, locale: ctx.locale });
    return runCommand(ctx, cmd);
  }

  return {
    handleText: (req, text) => guard(req, async (ctx) => {
      const parsed = parseCommand(text);
      if (!parsed.ok) return answer(ephemeral(usageErrorView(parsed.error, ctx.locale)));
      return runCommand(ctx, parsed.command);
    }),
    handleButton: (req) => guard(req, (ctx) => button(ctx, req)),
    publishCaseUpdates: (caseIds) => publisher.publish(caseIds),
  };
}
