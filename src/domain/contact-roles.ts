// Who a contact is at the customer (issue 11). `billing` is the default recipient of reminders,
// statements and letters (DOMAIN.md "Talking to customers").
export const CONTACT_ROLES = ['billing', 'finance', 'purchasing', 'management', 'legal', 'other'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const DEFAULT_RECIPIENT_ROLE: ContactRole = 'billing';

export const isContactRole = (s: string): s is ContactRole => (CONTACT_ROLES as readonly string[]).includes(s);
