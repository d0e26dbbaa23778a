import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { failed, refused } from '../../../src/chat/context.js';
import { DuebotError } from '../../../src/errors.js';

const log = pino({ level: 'silent' });
const req = { platform: 'console' as const, workspaceId: 'demo', channelId: 'ar', externalUserId: 'li@example.com' };

describe('the one way refusals come back (issue 8)', () => {
  it('a coded error is refused, anything else failed with a reference; both ephemeral, nothing changed, in the given language', () => {
    const no = failed(log, new DuebotError('forbidden', 'managers only'), 'zh-CN', req);
    expect(no).toMatchObject({ outcome: 'refused', locale: 'zh-CN', changedCaseIds: [], reply: { ephemeral: true } });
    expect(no.reply?.errorRef).toBeUndefined();
    const broke = failed(log, new Error('socket hang up'), 'en-US', req);
    expect(broke).toMatchObject({ outcome: 'failed', locale: 'en-US', changedCaseIds: [], reply: { ephemeral: true } });
    expect(broke.reply?.errorRef).toMatch(/^[0-9a-f]{8}$/);
    expect(JSON.stringify(broke.reply)).not.toContain('socket hang up');
  });

  it('a refusal a command answers itself is ephemeral and changes nothing, and may still replace its card', () => {
    const card = { blocks: [], summary: 'decided by Li' };
    expect(refused({ blocks: [], summary: 'already decided' }, { replaceSource: card }))
      .toEqual({ outcome: 'refused', reply: { blocks: [], summary: 'already decided', ephemeral: true }, replaceSource: card, changedCaseIds: [] });
  });
});
