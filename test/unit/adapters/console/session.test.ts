// The terminal session answers in the one order of src/chat/respond.ts (issue 8), with a scripted chat layer.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsolePort } from '../../../../adapters/console/console-port.js';
import { runConsoleSession } from '../../../../adapters/console/session.js';
import type { Chat } from '../../../../src/chat/chat.js';
import type { ButtonRequest, ChatResponse } from '../../../../src/chat/request.js';

const text = (s: string) => ({ blocks: [{ type: 'section' as const, text: s }], summary: s });

function recordingPort(out: PassThrough, calls: string[]): ConsolePort {
  const port = new ConsolePort(out, false);
  const wrap = <K extends 'post' | 'update' | 'ephemeral' | 'openForm'>(name: K) => {
    const real = port[name].bind(port) as (...a: unknown[]) => Promise<unknown>;
    (port as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => { calls.push(name); return real(...a); };
  };
  (['post', 'update', 'ephemeral', 'openForm'] as const).forEach(wrap);
  return port;
}

async function session(lines: string[], chat: Chat, calls: string[]): Promise<string> {
  const out = new PassThrough();
  let printed = '';
  out.on('data', (b: Buffer) => { printed += b.toString(); });
  const input = new PassThrough();
  input.end(lines.join('\n') + '\n');
  await runConsoleSession({ chat, port: recordingPort(out, calls), orgSlug: 'demo', as: 'li@example.com', input, output: out, interactive: false });
  return printed;
}

describe('console session', () => {
  it('opens the form, replaces the clicked message, replies, then publishes', async () => {
    const calls: string[] = [];
    const buttons: ButtonRequest[] = [];
    const chat: Chat = {
      handleText: async (): Promise<ChatResponse> => ({ outcome: 'done', locale: 'en-US', changedCaseIds: [],
        reply: { ...text('An alert'), actions: [{ id: 'claim', label: 'Claim', value: '1.1.5.3' }] } }),
      handleButton: async (req): Promise<ChatResponse> => {
        buttons.push(req);
        if (req.actionId === 'form:log') return { outcome: 'done', locale: 'en-US', changedCaseIds: [], reply: { ...text('Logged'), ephemeral: true } };
        return { outcome: 'done', locale: 'en-US', changedCaseIds: [5],
          form: { id: 'log', title: 'Log a contact', submitLabel: 'Save', value: 'v', fields: [{ name: 'text', label: 'What', kind: 'text' }] },
          replaceSource: text('Claimed by Li'), reply: text('Li claimed it') };
      },
      publishCaseUpdates: async (ids) => { if (ids.length) calls.push(`publish ${ids.join(',')}`); },
    };
    const printed = await session(['digest', '1', 'rang them'], chat, calls);
    expect(calls).toEqual(['post', 'openForm', 'update', 'post', 'publish 5', 'ephemeral']);
    // The form is filled in once the answer is complete.
    expect(printed.indexOf('Li claimed it')).toBeLessThan(printed.indexOf('── Log a contact ──'));
    expect(buttons.at(-1)).toMatchObject({ actionId: 'form:log', formValues: { text: 'rang them' } });
  });

  it('shows a refusal to the asker only, whatever the view says', async () => {
    const calls: string[] = [];
    const chat: Chat = {
      handleText: async (): Promise<ChatResponse> => ({ outcome: 'refused', locale: 'en-US', changedCaseIds: [], reply: { title: 'Not allowed', ...text('Managers only') } }),
      handleButton: async () => { throw new Error('no buttons here'); },
      publishCaseUpdates: async () => undefined,
    };
    const printed = await session(['approve C100'], chat, calls);
    expect(calls).toEqual(['ephemeral']);
    expect(printed).toContain('only visible to li@example.com');
  });
});
