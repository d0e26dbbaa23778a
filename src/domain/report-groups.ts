// What a report may be grouped by (DESIGN.md: `report … --by`, `/ar report … by …`).
export const GROUP_BYS = ['customer', 'region', 'product', 'owner'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
