// The reports (duebot report aging|kpi|provision; /ar report …): computed in SQL, rendered here.
export { agingReport } from './aging-report.js';
export { provisionReport, provisionPolicy } from './provision-report.js';
export { kpiReport, kpiSums, kpiFigures, DEFAULT_PERIOD_DAYS, type KpiSums } from './kpi-report.js';
export { recordKpiSnapshots, weekEndings, type KpiSnapshot } from './kpi-snapshots.js';
export { kpiHistory, parseHistory, MAX_HISTORY_WEEKS, type KpiHistory, type KpiHistoryOptions } from './kpi-history.js';
export { renderKpiHistory, kpiHistoryJson, kpiHistoryCsv } from './render-kpi-history.js';
export { renderReport, reportJson, reportCsv, REPORT_FORMATS, type ReportFormat, type RenderOptions } from './render-report.js';
export { reportLabels, type ReportLocale, type ReportLabels } from './report-labels.js';
export { textTable } from './text-table.js';
export * from './types.js';
