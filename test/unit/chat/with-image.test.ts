// Where a post shows its chart: after the leading figures, before the lists; the text untouched.
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/chat/message.js';
import { withImage } from '../../../src/chat/with-image.js';

const image = { imageId: 'F1', alt: 'Aging structure: 1–30 days 100.00' };

describe('withImage', () => {
  it('puts the image before the first divider and keeps every other block', () => {
    const m: Message = { summary: 's', blocks: [{ type: 'section', text: 'total' }, { type: 'fields', fields: [] }, { type: 'divider' }, { type: 'list', items: ['a'] }] };
    const out = withImage(m, image);
    expect(out.blocks.map((b) => b.type)).toEqual(['section', 'fields', 'image', 'divider', 'list']);
    expect(out.blocks[2]).toEqual({ type: 'image', imageId: 'F1', alt: image.alt });
    expect(m.blocks).toHaveLength(4);   // the rendered message is not changed in place
  });

  it('puts it last when there is no divider', () => {
    const m: Message = { summary: 's', blocks: [{ type: 'table', columns: ['a'], rows: [] }] };
    expect(withImage(m, image).blocks.map((b) => b.type)).toEqual(['table', 'image']);
  });
});
