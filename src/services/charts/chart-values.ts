// Numbers as the charts draw them. Money stays bigint minor units everywhere else; a chart needs a
// position on an axis, so it gets major units as a number here, for drawing only (the exact
// figures are in the text beside the chart and in the reports).
import { minorDigits } from '../../domain/money.js';
import type { ReportLocale } from '../reports/index.js';

export function plotAmount(minor: bigint, currency: string): number {
  return Number(minor) / 10 ** minorDigits(currency);
}

/** Short axis and bar labels: 12.3万 / 1.2M. */
export function compactNumber(value: number, locale: ReportLocale): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
