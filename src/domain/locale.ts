// The languages duebot speaks (DESIGN.md: zh-CN and en-US), defined once: chat, reports, documents,
// imports and configuration all take their list and type from here.
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (s: unknown): s is Locale => typeof s === 'string' && (LOCALES as readonly string[]).includes(s);

/** The language when nothing says otherwise (DUEBOT_LOCALE's default; a new org's). */
export const DEFAULT_LOCALE: Locale = 'zh-CN';
