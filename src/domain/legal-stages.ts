// Litigation stages in order (DOMAIN.md "Legal track and agencies"; migrations/0010_legal_track.ts).
// Stages only move forward: the order of this list is the rule.
export const LEGAL_STAGES = ['letter', 'mediation', 'filed', 'preservation', 'judgment', 'enforcement', 'closed'] as const;
export type LegalStage = (typeof LEGAL_STAGES)[number];

export const isLegalStage = (s: unknown): s is LegalStage => typeof s === 'string' && (LEGAL_STAGES as readonly string[]).includes(s);
