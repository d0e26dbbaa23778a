import { describe, expect, it } from 'vitest';
import { mayCarryMoneyFigures, moneyFiguresAudience } from '../../../src/domain/money-audience.js';

describe('moneyFiguresAudience (issue 9, item 4)', () => {
  it('posts a supervisor\'s figures in an internal channel only', () => {
    expect(moneyFiguresAudience(true, { kind: 'channel', external: false })).toEqual({ to: 'conversation' });
    expect(moneyFiguresAudience(true, { kind: 'channel', external: true })).toEqual({ to: 'private', reason: 'shared_channel' });
    expect(moneyFiguresAudience(true, { kind: 'unknown' })).toEqual({ to: 'private', reason: 'unchecked_channel' });
  });

  it('answers anyone else privately, except in their own direct conversation with the bot', () => {
    expect(moneyFiguresAudience(false, { kind: 'channel', external: false })).toEqual({ to: 'private', reason: 'role' });
    expect(moneyFiguresAudience(false, { kind: 'channel', external: true })).toEqual({ to: 'private', reason: 'shared_channel' });
    expect(moneyFiguresAudience(false, { kind: 'direct' })).toEqual({ to: 'conversation' });
  });

  it('lets digests and KPIs be subscribed only where no one from outside reads', () => {
    expect(mayCarryMoneyFigures({ kind: 'channel', external: false })).toBe(true);
    expect(mayCarryMoneyFigures({ kind: 'direct' })).toBe(true);
    expect(mayCarryMoneyFigures({ kind: 'channel', external: true })).toBe(false);
    expect(mayCarryMoneyFigures({ kind: 'unknown' })).toBe(false);
  });
});
