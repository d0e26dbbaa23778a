import { describe, expect, it } from 'vitest';
import { respond, RESPOND_STEPS, type RespondStep } from '../../../src/chat/respond.js';
import type { ChatResponse } from '../../../src/chat/request.js';

const m = (summary: string) => ({ blocks: [], summary });
const everything: ChatResponse = {
  outcome: 'done', locale: 'en-US', changedCaseIds: [3, 4],
  reply: m('reply'), replaceSource: m('card'), form: { id: 'log', title: 'Log', submitLabel: 'Save', fields: [], value: 'v' },
};

function recorder(fail: RespondStep[] = []) {
  const done: string[] = [];
  const step = (name: RespondStep) => async () => {
    if (fail.includes(name)) throw new Error(`${name} broke`);
    done.push(name);
  };
  return {
    done,
    failures: [] as string[],
    responder(withFailed = true) {
      return {
        form: step('form'), replaceSource: step('replace_source'), reply: step('reply'), publish: step('publish'),
        ...(withFailed ? { failed: (s: RespondStep, e: unknown) => { this.failures.push(`${s}: ${(e as Error).message}`); } } : {}),
      };
    },
  };
}

describe('respond', () => {
  it('opens the form, replaces the source, replies, then publishes — whatever the platform', async () => {
    const r = recorder();
    await respond(everything, r.responder());
    expect(r.done).toEqual([...RESPOND_STEPS]);
  });

  it('takes only the steps the response calls for and the platform offers', async () => {
    const r = recorder();
    await respond({ outcome: 'refused', locale: 'zh-CN', reply: m('no'), changedCaseIds: [] }, r.responder());
    expect(r.done).toEqual(['reply']);
    const published: number[][] = [];
    await respond(everything, { publish: async (ids) => { published.push(ids); } });
    expect(published).toEqual([[3, 4]]);
  });

  it('runs the next step when one fails, and says which failed', async () => {
    const r = recorder(['replace_source']);
    await respond(everything, r.responder());
    expect(r.done).toEqual(['form', 'reply', 'publish']);
    expect(r.failures).toEqual(['replace_source: replace_source broke']);
  });

  it('throws at the failed step when the platform does not handle failures', async () => {
    const r = recorder(['reply']);
    await expect(respond(everything, r.responder(false))).rejects.toThrow('reply broke');
    expect(r.done).toEqual(['form', 'replace_source']);
  });
});
