// A card stays in a channel for months; its buttons carry the case's version when it was rendered
// (src/chat/action-payload.ts). Issue 8: a click whose case is closed, or whose version is older
// than the case's, acts on nothing ("this card is out of date") — else Snooze or Claim on an old
// alert would change the customer's newer case.

/** The case a click came from. `version` null: only "still open" is checked (a form, filled while others work). */
export interface CardRef { caseId: number; version: number | null }

export function isStaleCard(card: CardRef, current: { status: string; version: number } | undefined): boolean {
  if (!current || current.status === 'closed') return true;
  return card.version !== null && current.version > card.version;
}
