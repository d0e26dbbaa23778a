// Words duebot writes into the evidence ledger itself (a note, a snooze reason, a decision note)
// when a button carries none. They are in the org's language, whoever clicked: the ledger is the
// org's record (001: the evidence chain), not one person's view of it.
import type { Locale } from '../../domain/locale.js';

/** How long the Snooze button on a card snoozes a case, in days. */
export const CARD_SNOOZE_DAYS = 7;

export const LEDGER_NOTES = {
  /** The owner answered the lease check "still working on it" (a note renews the claim). */
  lease_kept: { 'zh-CN': '仍在跟进（保留认领）', 'en-US': 'Still working on it (claim kept)' },
  /** The Snooze button: no reason typed. */
  card_snooze: { 'zh-CN': `从卡片暂缓 ${CARD_SNOOZE_DAYS} 天`, 'en-US': `snoozed ${CARD_SNOOZE_DAYS} days from the card` },
  /** The Reject button on a request card without a reason field filled in. */
  card_reject: { 'zh-CN': '在卡片上驳回', 'en-US': 'rejected on the card' },
  /** The Propose write-off button of the monthly review (001: 超过180天全额计提并转入核销程序). */
  writeoff_review: { 'zh-CN': '逾期超过 180 天：全额计提并转入核销程序（月度核销审查）', 'en-US': 'Over 180 days overdue: provided in full and entered into write-off (monthly write-off review)' },
} as const satisfies Record<string, Record<Locale, string>>;

export const ledgerNote = (kind: keyof typeof LEDGER_NOTES, locale: Locale): string => LEDGER_NOTES[kind][locale];
