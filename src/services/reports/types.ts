// The report objects. Money stays bigint minor units here; render-report.ts turns it into the
// JSON, CSV and table formats of DESIGN.md "Data formats".
import type { Bucket } from '../../domain/aging.js';
import type { PeriodSpec } from '../../domain/period.js';

import { GROUP_BYS, type GroupBy } from '../../domain/report-groups.js';
export { GROUP_BYS, type GroupBy };

export interface ReportOptions {
  orgId: number;
  /** YYYY-MM-DD; default: today in the org's time zone. */
  asOf?: string;
  by?: GroupBy;
  /** Default: the org's currency. A report covers one currency. */
  currency?: string;
}

export interface KpiOptions extends ReportOptions {
  /** Length of the period ending on asOf (DSO, CEI, recovery, bad debt, promises); default 90. */
  periodDays?: number;
  /** A calendar month, quarter or year to date, or N days, ending on asOf (wins over periodDays). */
  period?: PeriodSpec;
  /** Only a region's or a product line's invoices (a KPI subscription's filter). */
  filter?: { region?: string | null; product?: string | null };
}

/** What every report says about itself. */
export interface ReportHeader {
  org: string;
  asOf: string;
  currency: string;
}

export interface AgingLine { amountMinor: bigint; count: number }

export interface AgingGroup {
  key: string;
  /** A readable name beside the key (the customer's name), shown in tables only. */
  label?: string;
  totalMinor: bigint;
  count: number;
  buckets: Record<Bucket, AgingLine>;
}

export interface AgingReport extends ReportHeader {
  kind: 'aging';
  totalMinor: bigint;
  count: number;
  buckets: Record<Bucket, AgingLine>;
  by?: GroupBy;
  groups?: AgingGroup[];
  /** Invoices whose limitation period lapsed or ends within 30/90/180 days (filled on request: it reads records). */
  limitation?: Record<'lapsed' | 'd30' | 'd90' | 'd180', {
    invoice: string; customer: string; dueOn: string; endsOn: string; daysLeft: number; balanceMinor: bigint;
  }[]>;
}

export interface ProvisionLine {
  balanceMinor: bigint;
  /** The base rate of the bucket, before any high-risk uplift. */
  rate: number;
  provisionMinor: bigint;
}

export interface ProvisionGroup { key: string; label?: string; balanceMinor: bigint; provisionMinor: bigint }

export interface ProvisionReport extends ReportHeader {
  kind: 'provision';
  balanceMinor: bigint;
  /** The sum of the rounded provision lines. */
  totalMinor: bigint;
  buckets: Record<Bucket, ProvisionLine>;
  by?: GroupBy;
  groups?: ProvisionGroup[];
}

/** The KPI figures, the same for the totals and for each group. */
export interface KpiFigures {
  arBalanceMinor: bigint;
  overdueBalanceMinor: bigint;
  /** Days; null when there were no credit sales in the period. */
  dso: number | null;
  /** Percent (0–100); null when undefined. */
  cei: number | null;
  /** Ratios 0–1; null when the denominator is zero. */
  recoveryRate: number | null;
  badDebtRate: number | null;
  promiseKeptRate: number | null;
}

/** Issue 10's KPIs beside the ledger sums (collection-kpis.ts; DOMAIN.md "More KPIs", "Credit control"). */
export interface CollectionFigures {
  /** Ratio 0–1 of customers with an invoice in 12 months rated in the last 90 days; null with none. */
  ratingCoverage: number | null;
  /** Average days from due date to the completing payment of invoices paid in full in the period; null with none. */
  collectionCycleDays: number | null;
  /** Median hours from a case's first red alert in the period to its claim; null with none claimed. */
  timeToClaimHours: number | null;
}

export interface KpiGroup extends KpiFigures, CollectionFigures { key: string; label?: string }

export interface KpiReport extends ReportHeader, KpiFigures, CollectionFigures {
  kind: 'kpi';
  periodDays: number;
  /** 'month', 'quarter', 'year' or '<N>d' (absent: the last periodDays days). */
  period?: string;
  by?: GroupBy;
  groups?: KpiGroup[];
}

export type Report = AgingReport | ProvisionReport | KpiReport;
export type ReportKind = Report['kind'];
export const REPORT_KINDS: readonly ReportKind[] = ['aging', 'kpi', 'provision'];
