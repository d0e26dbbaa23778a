// What a channel may subscribe to (DESIGN.md: `/ar subscribe <kind>`; channel_subscriptions.kind).
export const SUBSCRIPTION_KINDS = ['digest', 'alerts', 'kpi', 'escalations', 'legal'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];
