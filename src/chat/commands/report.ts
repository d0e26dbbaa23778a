// `/ar report aging|kpi|provision [by …] [period …]`: in the channel when the asker may post money
// figures there (issue 9: a supervisor, a channel not shared with another organisation), else only to them.
import { agingReport, kpiReport, provisionReport, reportJson } from '../../services/reports/index.js';
import { answer } from '../context.js';
import type { CommandHandler } from '../command.js';
import { agingReportView } from '../views/report-aging.js';
import { provisionReportView } from '../views/report-provision.js';
import { kpiReportView } from '../views/report-kpi.js';
import { moneyFiguresReply } from '../money-reply.js';

export const report: CommandHandler<'report'> = async (ctx, cmd) => {
  const by = cmd.by;
  const opts = { orgId: ctx.org.id, asOf: ctx.today, by: by ?? undefined };
  const heading = { by };
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
