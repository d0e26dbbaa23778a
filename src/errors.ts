// Coded errors: callers branch on `code`; user-facing text comes from i18n by code.
export type ErrorCode =
  | 'not_found' | 'ambiguous' | 'forbidden' | 'invalid' | 'conflict' | 'stale'
  | 'unknown_user' | 'unlinked_workspace' | 'evidence_missing' | 'own_request' | 'rate_limited'
  | 'busy' | 'unavailable';

export class DuebotError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly detail: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DuebotError';
  }
}

export const isDuebotError = (e: unknown): e is DuebotError => e instanceof DuebotError;
