// How a collection record was made and what came of it (DESIGN.md "Chat commands": /ar log;
// 003: 记录每次催收的时间、方式、沟通内容及客户反馈). Defined once: the grammar, the services, the
// views and the store's types take them from here; migrations/0001_ledger.ts checks the same values.
export const METHODS = ['call', 'visit', 'email', 'letter', 'sms', 'lawyer_letter', 'note'] as const;
export type Method = (typeof METHODS)[number];

export const OUTCOMES = ['reached', 'no_answer', 'promised', 'disputed', 'refused'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const isMethod = (s: unknown): s is Method => typeof s === 'string' && (METHODS as readonly string[]).includes(s);
export const isOutcome = (s: unknown): s is Outcome => typeof s === 'string' && (OUTCOMES as readonly string[]).includes(s);
