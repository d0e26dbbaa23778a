// `/ar report aging|kpi|provision [by …] [period …] [chart]`: in the channel when the asker may post money
// figures there (issue 9: a supervisor, a channel not shared with another organisation), else only to them;
// a chart is posted there through the delivery pipeline (services/charts/request-chart.ts).
import { agingReport, kpiReport, provisionReport, reportJson } from '../../services/reports/index.js';
import { requestReportChart } from '../../services/charts/request-chart.js';
import { answer, ephemeral } from '../context.js';
import { t } from '../i18n.js';
import type { CommandHandler } from '../command.js';
import { agingReportView } from '../views/report-aging.js';
import { provisionReportView } from '../views/report-provision.js';
import { kpiReportView } from '../views/report-kpi.js';
import { mayPostMoneyFigures, moneyFiguresReply } from '../money-reply.js';

export const report: CommandHandler<'report'> = async (ctx, cmd) => {
  const by = cmd.by;
  const opts = { orgId: ctx.org.id, asOf: ctx.today, by: by ?? undefined };
  const heading = { by };
  // A chart shows money figures: posted only where the report itself would be (else the report
  // below answers privately, saying why).
  if (cmd.chart && cmd.report !== 'provision' && await mayPostMoneyFigures(ctx)) {
    await requestReportChart(ctx.db, ctx.org.id, { report: cmd.report, by, platform: ctx.req.platform, channelId: ctx.req.channelId,
      asOf: ctx.today, locale: ctx.locale, userId: ctx.actor.userId, ...(ctx.req.idempotencyKey ? { requestKey: ctx.req.idempotencyKey } : {}) });
    return answer(ephemeral({ blocks: [{ type: 'section', text: t(ctx.locale, 'report.chart_requested') }], summary: t(ctx.locale, 'report.chart_requested') }));
  }
  if (cmd.report === 'aging') {
    const json = reportJson(await agingReport(ctx.db, opts)) as unknown as Parameters<typeof agingReportView>[0];
    return answer(await moneyFiguresReply(ctx, agingReportView({ ...json, ...heading }, ctx.locale)));
  }
  if (cmd.report === 'provision') {
    const json = reportJson(await provisionReport(ctx.db, opts)) as unknown as Parameters<typeof provisionReportView>[0];
    return answer(await moneyFiguresReply(ctx, provisionReportView({ ...json, ...heading }, ctx.locale)));
  }
  const kpi = await kpiReport(ctx.db, { ...opts, ...(cmd.period ? { period: cmd.period } : {}) });
  const json = reportJson(kpi) as unknown as Parameters<typeof kpiReportView>[0];
  return answer(await moneyFiguresReply(ctx, kpiReportView({ ...json, ...heading, ...(kpi.period ? { period: kpi.period } : {}) }, ctx.locale)));
};
