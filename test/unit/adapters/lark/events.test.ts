import { describe, expect, it } from 'vitest';
import { messageText, parseButtonValue } from '../../../../adapters/lark/events.js';

describe('Lark event payloads', () => {
  it('reads the words of a text message', () => {
    expect(messageText({ message_type: 'text', content: JSON.stringify({ text: '@_user_1 claim 华东机电' }) })).toBe('@_user_1 claim 华东机电');
  });

  it('reads a rich-text (post) message, keeping @mention placeholders', () => {
    const post = { title: '', content: [[{ tag: 'at', user_id: '@_user_1' }, { tag: 'text', text: 'assign C100' }, { tag: 'at', user_id: '@_user_2' }], [{ tag: 'img', image_key: 'x' }]] };
    expect(messageText({ message_type: 'post', content: JSON.stringify(post) })?.replace(/\s+/g, ' ').trim()).toBe('@_user_1 assign C100 @_user_2');
    expect(messageText({ message_type: 'post', content: JSON.stringify({ zh_cn: post }) })).toContain('assign C100');
  });

  it('ignores images, files and broken content', () => {
    expect(messageText({ message_type: 'image', content: JSON.stringify({ image_key: 'k' }) })).toBeNull();
    expect(messageText({ message_type: 'text', content: 'not json' })).toBeNull();
  });

  it('accepts only the button values duebot renders', () => {
    expect(parseButtonValue({ a: 'claim', v: '1.2.3.4' })).toEqual({ a: 'claim', v: '1.2.3.4' });
    expect(parseButtonValue(JSON.stringify({ a: 'form:log', v: '' }))).toEqual({ a: 'form:log', v: '' });
    expect(parseButtonValue({ a: 'claim' })).toBeNull();
    expect(parseButtonValue({ a: '', v: 'x' })).toBeNull();
    expect(parseButtonValue('claim')).toBeNull();
    expect(parseButtonValue(null)).toBeNull();
  });
});
