// The router: a typed command or a button → its command handler (./commands/) → a neutral view.
// Adapters translate platform payloads into ChatRequests and render what comes back; no business
// rule lives here — only who is asking (./context.ts), which command a button means (./buttons.ts)
// and the one place refusals and failures become an answer.
import { DuebotError, isDuebotError } from '../errors.js';
import { isStaleCard } from '../domain/stale-card.js';
import { cardCase, type CardCase } from '../services/cases/card-case.js';
import type { Chat, ChatDeps } from './chat.js';
import type { ButtonRequest, ChatRequest, ChatResponse } from './request.js';
import type { Locale } from './message.js';
import { parseCommand } from './grammar.js';
import { decodeAction, type ActionPayload } from './action-payload.js';
import { createContext, failed, refused, type ChatContext } from './context.js';
import type { CommandResult } from './command.js';
import { decodeMessageAction } from './message-action.js';
import { decodeTargetFlagAction } from './target-flag-action.js';
import { decodeReratingAction } from './rerating-action.js';
import { buttonCommand, cardOf } from './buttons.js';
import { runCommand } from './commands/index.js';
import { caseCardMessage } from './commands/case.js';
import { usageErrorView } from './views/usage-error.js';
import { staleCardView } from './views/stale-card.js';

export function createChat(deps: ChatDeps): Chat {
  const { db, log } = deps;
  const now = deps.now ?? (() => new Date());
  const defaultLocale: Locale = process.env.DUEBOT_LOCALE === 'en-US' ? 'en-US' : 'zh-CN';

  /**
   * Runs a handler: its result in the asker's language, 'done' unless it refused; any thrown
   * refusal or failure becomes the one kind of answer `failed` gives, which changed nothing.
   */
  async function guard(req: ChatRequest, fn: (ctx: ChatContext) => Promise<CommandResult>): Promise<ChatResponse> {
    let locale = defaultLocale;
    try {
      const ctx = await createContext({ db, log }, req, now());
      locale = ctx.locale;
      const r = await fn(ctx);
      return { ...r, outcome: r.outcome ?? 'done', locale: r.locale ?? ctx.locale };
    } catch (e) {
      return failed(log, e, locale, req);
    }
  }

  /** The case a button names: same org as the person clicking, or nothing. */
  async function buttonCase(ctx: ChatContext, p: ActionPayload): Promise<CardCase> {
    if (p.org !== ctx.org.id) throw new DuebotError('forbidden', 'button of another org', { reason: 'other_org' });
    const row = await cardCase(db, ctx.org.id, p.case);
    if (!row) throw new DuebotError('not_found', 'case not found');
    return row;
  }

  /** "This card is out of date", nothing changed, and the case as it is now (issue 8). */
  async function staleAnswer(ctx: ChatContext, kase: CardCase): Promise<CommandResult> {
    // A closed case's customer may have a newer open case: that is the current card.
    const current = await caseCardMessage(ctx, kase.status === 'closed' ? kase.code : kase.id);
    return refused(staleCardView(current, ctx.locale));
  }

  async function button(ctx: ChatContext, req: ButtonRequest): Promise<CommandResult> {
    const payload = req.value ? decodeAction(req.value) : null;
    const kase = payload ? await buttonCase(ctx, payload) : null;
    const cmd = buttonCommand(req.actionId, { org: ctx.org.id, payload, kase, form: req.formValues ?? {},
      message: decodeMessageAction(req.value), targetFlag: decodeTargetFlagAction(req.value), rerating: decodeReratingAction(req.value) });
    const card = payload ? cardOf(req.actionId, payload) : undefined;
    if (!card || !kase) return runCommand(ctx, cmd);
    // What changes a case checks the card in its own transaction, after its idempotency receipt
    // (a retried click still gets its first answer); what only shows or opens a form, here.
    if ((cmd.kind === 'case' || cmd.kind === 'open_form') && isStaleCard(card, kase)) return staleAnswer(ctx, kase);
    try {
      return await runCommand({ ...ctx, opts: { ...ctx.opts, card } }, cmd);
    } catch (e) {
      if (isDuebotError(e) && e.code === 'stale' && e.detail.reason === 'card') return staleAnswer(ctx, kase);
      throw e;
    }
  }

  return {
    handleText: (req, text) => guard(req, async (ctx) => {
      const parsed = parseCommand(text);
      if (!parsed.ok) return refused(usageErrorView(parsed.error, ctx.locale));
      return runCommand(ctx, parsed.command);
    }),
    handleButton: (req) => guard(req, (ctx) => button(ctx, req)),
    publishCaseUpdates: async (caseIds) => { if (caseIds.length) await deps.outbox.publish(caseIds); },
  };
}
