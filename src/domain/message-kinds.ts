// The kinds of message to a customer (DOMAIN.md "Talking to customers": the pre-due courtesy
// reminder, the reminder, the statement of account and the final notice), defined once: templates,
// the store, previews and the case thread all take them from here.
export const MESSAGE_KINDS = ['courtesy', 'reminder', 'statement', 'final_notice'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const isMessageKind = (s: unknown): s is MessageKind => typeof s === 'string' && (MESSAGE_KINDS as readonly string[]).includes(s);
