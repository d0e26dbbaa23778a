// The terminal chat: type `/ar …` (or the bare words) as a person of the demo org; type a number to
// press the button shown beside it. Reads a script of commands from standard input just as well.
//   :as <email>   act as another person of the org
//   :press <id>   press the last button of that kind shown (scripts: `:press email_send`)
//   # …           a comment (printed in scripts, so a story reads well)
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Chat } from '../../src/chat/chat.js';
import type { ChatResponse } from '../../src/chat/request.js';
import type { Form } from '../../src/chat/message.js';
import type { ConsolePort } from './console-port.js';
import type { MessageRef } from '../../src/chat/port.js';
import { respond } from '../../src/chat/respond.js';

export interface ConsoleSessionOptions {
  chat: Chat;
  port: ConsolePort;
  orgSlug: string;
  as: string;                 // email of the person typing
  input: Readable;
  output: Writable;
  interactive: boolean;       // a terminal: show a prompt; a script: echo each command
  channelId?: string;
  /**
   * Resolves once what a command caused has been delivered (the demo: no delivery left queued).
   * A terminal has one reader, so the next line is read after the messages it is waiting for.
   */
  delivered?: (caseIds: number[]) => Promise<void>;
}

export async function runConsoleSession(o: ConsoleSessionOptions): Promise<void> {
  let as = o.as;
  const channelId = o.channelId ?? 'ar-collections';
  let seq = 0;
  const request = () => ({ platform: 'console' as const, workspaceId: o.orgSlug, channelId, externalUserId: as,
    idempotencyKey: `console:${process.pid}:${++seq}` });
  const rl = readline.createInterface({ input: o.input, output: o.interactive ? o.output : undefined, terminal: o.interactive });
  const lines = rl[Symbol.asyncIterator]();
  const prompt = () => { if (o.interactive) o.output.write(`\n${as}> `); };
  const next = async (): Promise<string | undefined> => {
    const r = await lines.next();
    return r.done ? undefined : String(r.value);
  };

  // The one order of src/chat/respond.ts; the form is filled in once the answer is complete.
  const answer = async (res: ChatResponse, source?: MessageRef) => {
    // The console prints the views' own words: it has none of its own to translate (res.locale).
    await respond(res, {
      form: (form) => o.port.openForm(channelId, form),
      // A button's answer may replace the message it sat on (a decided escalation card).
      replaceSource: async (m) => { if (source) await o.port.update(source, m); },
      reply: async (m, r) => {
        if (m.ephemeral || r.outcome !== 'done') await o.port.ephemeral(channelId, as, m);
        else await o.port.post(channelId, m);
      },
      publish: async (caseIds) => {
        await o.chat.publishCaseUpdates(caseIds);
        await o.delivered?.(caseIds);
      },
    });
    while (o.port.pendingForms.length) await fillForm(o.port.pendingForms.shift()!);
  };

  const fillForm = async (form: Form) => {
    o.output.write(`\n── ${form.title} ──\n`);
    const values: Record<string, string> = {};
    for (const f of form.fields) {
      const opts = f.options ? ` (${f.options.map((x) => x.value).join('|')})` : '';
      o.output.write(`${f.label}${opts}${f.optional ? ' [optional]' : ''}: `);
      const v = (await next())?.trim() ?? '';
      if (!o.interactive) o.output.write(`${v}\n`);
      if (v) values[f.name] = v;
    }
    await answer(await o.chat.handleButton({ ...request(), actionId: `form:${form.id}`, value: form.value, formValues: values }));
  };

  prompt();
  for (let line = await next(); line !== undefined; line = await next()) {
    const text = line.trim();
    if (!o.interactive && text) o.output.write(`\n${text.startsWith('#') ? text : `${as}> ${text}`}\n`);
    try {
      if (!text || text.startsWith('#')) { /* nothing */ }
      else if (text === 'exit' || text === 'quit') break;
      else if (text.startsWith(':as ')) { as = text.slice(4).trim(); o.output.write(`(now acting as ${as})\n`); }
      else if (text.startsWith(':press ')) {
        // A script presses "the last button of this kind" (`:press email_send`): numbers depend on what the jobs posted before.
        const id = text.slice(7).trim();
        const choice = [...o.port.choices.values()].reverse().find((c) => c.action.id === id);
        if (!choice) o.output.write(`no ${id} button shown\n`);
        else await answer(await o.chat.handleButton({ ...request(), actionId: choice.action.id, value: choice.action.value,
          source: { channelId: choice.source.channelId, messageId: choice.source.messageId, threadId: choice.source.threadId } }), choice.source);
      }
      else if (/^\d+$/.test(text)) {
        const choice = o.port.choices.get(Number(text));
        if (!choice) o.output.write(`no button ${text}\n`);
        else await answer(await o.chat.handleButton({ ...request(), actionId: choice.action.id, value: choice.action.value,
          source: { channelId: choice.source.channelId, messageId: choice.source.messageId, threadId: choice.source.threadId } }), choice.source);
      } else {
        await answer(await o.chat.handleText(request(), text));
      }
    } catch (e) {
      o.output.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    prompt();
  }
  rl.close();
}
