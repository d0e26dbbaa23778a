// A chart asked for in chat (`/ar report aging|kpi … chart`, src/domain/case-events.ts
// 'report.chart_requested'), posted in the channel it was asked in: the chart's title and its alt
// text (what the picture shows, in words) as the message, the picture with it where the platform
// shows images (the console: the words alone). Drawn at send time, as of the day it was asked.
import type { Locale, Message } from '../../../src/chat/message.js';
import type { CaseEventPayloads } from '../../../src/domain/case-events.js';
import { agingAlt, agingPostChart, chartLabels, kpiTrendPostChart, POST_TREND_WEEKS, trendAlt } from '../../../src/services/charts/index.js';
import { agingReport, kpiHistory, reportLabels } from '../../../src/services/reports/index.js';
import type { GroupBy } from '../../../src/services/reports/types.js';
import type { DeliverySource } from '../deliver.js';
import type { KindContext } from './context.js';

const message = (title: string, alt: string): Message => ({ title, blocks: [{ type: 'section', text: alt }], summary: title });

export function reportChartKind(k: KindContext): DeliverySource {
  return {
    async render(d) {
      const ev = await k.caseEvent(d);
      if (!ev || ev.type !== 'report.chart_requested') return { op: 'skip', reason: 'event_gone' };
      const p = ev.payload as unknown as CaseEventPayloads['report.chart_requested'];
      const locale: Locale = p.locale === 'zh-CN' ? 'zh-CN' : 'en-US';
      const c = chartLabels(locale);
      if (p.report === 'aging') {
        const by = (p.by ?? undefined) as GroupBy | undefined;
        const report = await agingReport(k.db, { orgId: d.org_id, asOf: p.asOf, ...(by ? { by } : {}) });
        const title = by ? c.agingByTitle(reportLabels(locale).by[by]) : c.agingTitle;
        return { op: 'post', channelId: p.channelId, message: message(title, agingAlt(report, locale)), locale, record: { kind: 'report' },
          chart: () => agingPostChart(report, locale) };
      }
      const history = await kpiHistory(k.db, { orgId: d.org_id, weeks: POST_TREND_WEEKS, asOf: p.asOf });
      const trend = { org: history.org, currency: history.currency, points: history.points };
      return { op: 'post', channelId: p.channelId, message: message(c.trendTitle(trend.points.length), trendAlt(trend, locale)), locale, record: { kind: 'report' },
        chart: () => kpiTrendPostChart(trend, locale) };
    },
  };
}
