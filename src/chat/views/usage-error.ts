// Wrong command input (grammar.ts UsageError): what was wrong, what is expected there, and the
// right form of the command. Nothing changed, and the answer says so by being this message.
import { USAGE, type UsageError } from '../grammar.js';
import { hasKey, t, type Locale, type MessageKey } from '../i18n.js';
import type { Block, Message } from '../message.js';
import { labelled, oneLine } from './parts.js';

export function usageErrorView(error: UsageError, locale: Locale): Message {
  const argument = error.argument ? t(locale, `arg.${error.argument}`) : t(locale, 'arg.command');
  const got = error.got ? oneLine(error.got, 80) : '';
  let what: string;
  switch (error.code) {
    case 'unknown_command':
      what = t(locale, 'usage.unknown_command', { got });
      break;
    case 'missing_argument':
      what = t(locale, 'usage.missing_argument', { argument });
      break;
    case 'bad_value':
      what = got ? t(locale, 'usage.bad_value', { got, argument }) : t(locale, 'usage.bad_value_empty', { argument });
      break;
    case 'too_many':
      what = t(locale, 'usage.too_many', { got });
      break;
  }
  const blocks: Block[] = [{ type: 'section', text: what }];
  const expectKey = `usage.expect.${error.argument ?? ''}`;
  if (error.code === 'bad_value' && hasKey(expectKey)) blocks.push({ type: 'section', text: t(locale, expectKey as Extract<MessageKey, `usage.expect.${string}`>) });
  if (error.hint === 'quote_customer') blocks.push({ type: 'section', text: t(locale, 'usage.hint.quote_customer') });
  blocks.push({ type: 'section', text: labelled(t(locale, 'usage.right_form'), error.usage) });
  if (error.usage === USAGE.help || error.code === 'unknown_command') blocks.push({ type: 'context', text: t(locale, 'usage.see_help') });
  return { level: 'orange', blocks, summary: `${what} ${error.usage}`, ephemeral: true };
}
