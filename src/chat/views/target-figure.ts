// A target's metric, its value and its figure so far, for people (DOMAIN.md "Targets"): percents for
// recovery and CEI, amounts in the org's currency for collected and the overdue balance, days for DSO.
import type { TargetMetric } from '../../domain/target-achievement.js';
import type { TargetFigure } from '../../domain/target-measure.js';
import { formatAmount, formatDecimal, formatDays, formatPercent, t, type Locale } from '../i18n.js';

export function metricName(metric: TargetMetric, locale: Locale): string {
  return t(locale, `target.metric.${metric}`);
}

/** "85%", "¥1,200,000.00", "45 days". */
export function targetValueText(metric: TargetMetric, value: string, currency: string, locale: Locale): string {
  if (metric === 'recovery' || metric === 'cei') return `${value}%`;
  if (metric === 'dso') return formatDays(Number(value), locale);
  return formatDecimal(value, currency, locale);
}

/** The figure so far, or "—". */
export function figureText(f: TargetFigure | null, currency: string, locale: Locale): string {
  if (f === null) return t(locale, 'value.none');
  if (f.unit === 'ratio') return formatPercent(f.ratio, locale);
  if (f.unit === 'days') return formatDays(f.days, locale);
  return formatAmount(f.minor, currency, locale);
}
