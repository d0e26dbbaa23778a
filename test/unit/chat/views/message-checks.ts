// Checks every view's Message must pass: Block Kit's limits with our margin, no unfilled
// placeholder, and plain text to assert on.
import { decodeMessageAction } from '../../../../src/chat/message-action.js';
import { decodeTargetFlagAction } from '../../../../src/chat/target-flag-action.js';
import { decodeReratingAction } from '../../../../src/chat/rerating-action.js';
import { expect } from 'vitest';
import type { Block, Message, Rich } from '../../../../src/chat/message.js';
import { blockLength, MAX_BLOCKS, MAX_TEXT } from '../../../../src/chat/views/parts.js';
import { decodeAction } from '../../../../src/chat/action-payload.js';

export function richText(r: Rich): string {
  if (typeof r === 'string') return r;
  return r.map((s) => ('text' in s ? s.text : 'mention' in s ? `@${s.mention.name}` : s.link.label)).join('');
}

function blockText(b: Block): string {
  switch (b.type) {
    case 'section':
    case 'context':
      return richText(b.text);
    case 'fields':
      return b.fields.map((f) => `${f.label}: ${richText(f.value)}`).join('\n');
    case 'list':
      return b.items.map((i) => `- ${richText(i)}`).join('\n');
    case 'table':
      return [b.columns, ...b.rows].map((r) => r.join(' | ')).join('\n');
    case 'divider':
      return '---';
    case 'image':
      return `[${b.alt}]`;
  }
}

/** Everything a person would read, as one string. */
export function plain(m: Message): string {
  return [m.title ?? '', ...m.blocks.map(blockText), ...(m.actions ?? []).map((a) => `[${a.label}]`),
    ...(m.form ? [m.form.title, ...m.form.fields.map((f) => f.label)] : [])].join('\n');
}

export function checkMessage(m: Message): void {
  expect(m.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  for (const b of m.blocks) {
    expect(blockLength(b)).toBeLessThanOrEqual(MAX_TEXT);
    if (b.type === 'fields') expect(b.fields.length).toBeLessThanOrEqual(10); // Block Kit: 10 fields per section
    if (b.type === 'table') for (const row of b.rows) expect(row.length).toBe(b.columns.length);
    if (b.type === 'table' && b.align) expect(b.align.length).toBe(b.columns.length);
  }
  expect(m.summary.length).toBeGreaterThan(0);
  expect(m.summary.length).toBeLessThanOrEqual(3000);
  expect((m.title ?? '').length).toBeLessThanOrEqual(150);
  const actions = m.actions ?? [];
  expect(actions.length).toBeLessThanOrEqual(25); // Block Kit: 25 elements per actions block
  for (const a of actions) {
    expect(a.label.length).toBeLessThanOrEqual(75);
    // Every value is one of the payloads we issue: a case's, a message's (issue 11), a flagged target's or a re-rating's (issue 10).
    expect(decodeAction(a.value) ?? decodeMessageAction(a.value) ?? decodeTargetFlagAction(a.value) ?? decodeReratingAction(a.value), a.value).not.toBeNull();
  }
  // An unfilled {placeholder} means a view passed the wrong parameters.
  expect(plain(m) + m.summary).not.toMatch(/\{[A-Za-z_]\w*(\|[^}]*)?\}/);
}
