import { describe, expect, it } from 'vitest';
import { isStaleCard } from '../../../src/domain/stale-card.js';

describe('isStaleCard', () => {
  it('is stale when the case is closed or gone, whatever the version', () => {
    expect(isStaleCard({ caseId: 1, version: 3 }, { status: 'closed', version: 3 })).toBe(true);
    expect(isStaleCard({ caseId: 1, version: null }, { status: 'closed', version: 3 })).toBe(true);
    expect(isStaleCard({ caseId: 1, version: 3 }, undefined)).toBe(true);
  });

  it('is stale when the case changed since the card was drawn, unless only openness is checked', () => {
    expect(isStaleCard({ caseId: 1, version: 3 }, { status: 'open', version: 4 })).toBe(true);
    expect(isStaleCard({ caseId: 1, version: null }, { status: 'open', version: 4 })).toBe(false);
  });

  it('is current for the same version of an open or legal case', () => {
    expect(isStaleCard({ caseId: 1, version: 3 }, { status: 'open', version: 3 })).toBe(false);
    expect(isStaleCard({ caseId: 1, version: 3 }, { status: 'legal', version: 3 })).toBe(false);
  });
});
