// The language of the adapter's own words (error reference line, field errors in a modal).
import type { Form, Locale, Message } from '../../src/chat/message.js';

const HAN = /[\u3400-\u9FFF]/;

/**
 * The chat layer answers in the user's language but ChatResponse does not say which; a message
 * or form with Chinese text is taken as zh-CN, one with only Latin letters as en-US.
 */
export function localeOf(m: Message | Form | undefined, fallback: Locale = 'zh-CN'): Locale {
  if (!m) return fallback;
  const sample = 'summary' in m ? `${m.title ?? ''}${m.summary}` : `${m.title}${m.submitLabel}${m.fields.map((f) => f.label).join('')}`;
  if (HAN.test(sample)) return 'zh-CN';
  return /[A-Za-z]/.test(sample) ? 'en-US' : fallback;
}

/** Same, from a rendered modal's title and labels (a view_submission carries no locale). */
export function localeOfText(text: string, fallback: Locale = 'zh-CN'): Locale {
  if (HAN.test(text)) return 'zh-CN';
  return /[A-Za-z]/.test(text) ? 'en-US' : fallback;
}
