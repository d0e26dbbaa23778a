import { describe, expect, it } from 'vitest';
import { CHAT_GONE, larkPlatformError, larkSubCode, RECIPIENT_GONE } from '../../../jobs/platform-error.js';

// What duebot does with each Lark code its error tables name: the code and reason delivery acts on.
describe('Lark codes and sub-codes, one by one', () => {
  it.each([
    [230029, 'permanent', 'user_resigned'],           // resigned: the owner and the admins are told
    [230034, 'permanent', 'recipient_unavailable'],   // cannot receive: the owner and the admins are told
    [230035, 'permanent', 'no_send_permission'],      // the chat does not let the bot post: the admins are told
    [230053, 'permanent', 'user_blocked_bot'],        // turned the bot off: the owner and the admins are told
    [230110, 'permanent', 'message_deleted'],         // deleted: the port re-posts on update
    [232009, 'permanent', 'chat_dissolved'],          // dissolved: subscriptions end, the admins are told
    [230031, 'permanent', 'message_too_old'],
    [230002, 'permanent', 'not_in_channel'],
  ])('%i is %s (%s), never retried until attempts run out', (code, kind, reason) => {
    const e = larkPlatformError({ status: 400, code, msg: 'x' });
    expect([e.code, e.reason]).toEqual([kind, reason]);
  });

  it('reads the card sub-code of 230099: a lock is retried shortly, an unknown mention falls back to names', () => {
    const lock = larkPlatformError({ status: 400, code: 230099, msg: 'Failed to create card content, ext=ErrCode: 11310; ErrMsg: card action is lock; ErrorValue: ; ' });
    expect([lock.code, lock.reason, lock.retryAfterMs]).toEqual(['transient', 'card_locked', 500]);
    const mention = larkPlatformError({ status: 400, code: 230099, msg: 'ErrCode: 100290; ErrMsg: there is an invalid user resource (at/person) in your card; ErrorValue: ou_x; ' });
    expect([mention.code, mention.reason]).toEqual(['permanent', 'unknown_mention']);
    const other = larkPlatformError({ status: 400, code: 230099, msg: 'ErrCode: 200861; ErrMsg: unknown tag' });
    expect([other.code, other.reason]).toEqual(['permanent', 'invalid_message']);
    expect(larkSubCode('no code here')).toBeUndefined();
  });

  it('waits on the rate limits for as long as Lark says', () => {
    expect(larkPlatformError({ status: 429, code: 99991400, headers: { 'x-ogw-ratelimit-reset': '3' } })).toMatchObject({ code: 'rate_limited', reason: 'app_rate_limited', retryAfterMs: 3000 });
    expect(larkPlatformError({ status: 400, code: 230020 })).toMatchObject({ code: 'rate_limited', reason: 'channel_rate_limited', retryAfterMs: 1000 });
  });

  it('retries what it does not know, a limited number of times', () => {
    expect(larkPlatformError({ status: 500, code: 1234 })).toMatchObject({ code: 'transient', reason: 'lark_1234' });
    expect(larkPlatformError({ status: 502 })).toMatchObject({ code: 'transient', reason: 'http_502' });
  });

  it('names the reasons that end a channel\'s subscriptions and those that tell the case owner', () => {
    expect([...CHAT_GONE]).toEqual(['chat_dissolved']);
    for (const r of ['user_resigned', 'recipient_unavailable', 'user_blocked_bot']) expect(RECIPIENT_GONE.has(r)).toBe(true);
  });
});
