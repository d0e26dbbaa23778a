// The answer to a click on an out-of-date card (issue 8): nothing was changed, and here is the case
// as it is now — its current card, whose buttons act on the present — or, when the customer has
// no open case any more, only that.
import { t, type Locale } from '../i18n.js';
import type { Message } from '../message.js';

export function staleCardView(current: Message | null, locale: Locale): Message {
  if (!current) {
    const text = t(locale, 'error.stale_card_closed');
    return { level: 'grey', blocks: [{ type: 'section', text }], summary: text, ephemeral: true };
  }
  const text = t(locale, 'error.stale_card');
  return { ...current, blocks: [{ type: 'section', text }, { type: 'divider' }, ...current.blocks], summary: text, ephemeral: true };
}
