// Charts drawn on the server: ECharts SSR to SVG, resvg to PNG with the shipped CJK font.
export { renderChart, renderSvg, svgToPng, normalizeSvg, CHART_SIZE, PNG_SCALE, type RenderedChart, type ChartSize } from './chart-render.js';
export { agingChartOption } from './aging-chart.js';
export { agingByGroupChartOption, MAX_GROUP_BARS } from './aging-by-group-chart.js';
export { kpiTrendChartOption, type KpiTrend, type KpiTrendPoint } from './kpi-trend-chart.js';
export { chartLabels, type ChartLabels } from './chart-labels.js';
export { BUCKET_COLOURS, LEVEL_COLOURS } from './chart-palette.js';
export { agingChart, kpiTrendChart, kpiTrend } from './report-charts.js';
export { digestChart, kpiPostChart, agingPostChart, kpiTrendPostChart, scopedAgingReport, agingAlt, trendAlt, POST_TREND_WEEKS, type PostChart, type PostScope } from './post-charts.js';
