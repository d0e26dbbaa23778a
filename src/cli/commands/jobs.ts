// duebot jobs status | deliveries | failed: the queues as operators see them, and the delivery
// log that answers "why wasn't X reminded?".
import type { Command } from 'commander';
import { pino } from 'pino';
import { withDatabase, out } from '../context.js';
import { getOrg } from '../../services/orgs.js';
import { DuebotError } from '../../errors.js';
import { createQueueFactory, jobsStatus, queueBackend } from '../../../jobs/index.js';
import { caseDeliveryLog, failedDeliveries, type DeliveryLogEntry } from '../../../jobs/delivery-report.js';

const iso = (d: Date | null) => (d ? d.toISOString().replace('.000Z', 'Z') : '-');

function printDeliveries(list: DeliveryLogEntry[]): void {
  for (const d of list) {
    out(`#${d.id} ${d.kind} → ${d.platform} ${d.channelId}: ${d.status}${d.reason ? ` (${d.reason})` : ''}${d.messageId ? ` message ${d.messageId}` : ''} · ${iso(d.createdAt)}`);
    for (const a of d.attempts) {
      out(`    try ${a.attempt} ${iso(a.at)} ${a.outcome}${a.errorCode ? ` ${a.errorCode}` : ''}${a.detail ? `: ${a.detail}` : ''}`);
    }
  }
}

export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('queues, schedulers and the delivery log');

  jobs.command('status').description('queues (waiting, active, delayed, failed) and schedulers with their next run')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => withDatabase(async ({ config, database }) => {
      const backend = queueBackend({ redisUrl: config.REDIS_URL, redisCluster: config.REDIS_CLUSTER, postgresUrl: database.url });
      const queues = createQueueFactory(backend, { log: pino({ level: 'silent' }) });
      try {
        const s = await jobsStatus(queues);
        if (o.json) { out(JSON.stringify(s)); return; }
        out(`queues (${backend.kind === 'redis' && backend.cluster ? 'redis cluster' : backend.kind}):`);
        for (const q of s.queues) out(`  ${q.name.padEnd(10)} waiting ${q.waiting}  active ${q.active}  delayed ${q.delayed}  failed ${q.failed}  completed ${q.completed}`);
        out(`schedulers: ${s.schedulers.length}`);
        for (const x of s.schedulers) out(`  ${x.id.padEnd(20)} ${x.pattern ? `${x.pattern} ${x.tz ?? ''}` : `every ${Math.round((x.every ?? 0) / 1000)} s`}  next ${x.next ?? '-'}`);
      } finally {
        await queues.close(1000);
      }
    }));

  jobs.command('deliveries').description("a case's delivery log: every post, update and reminder, each attempt and why")
    .requiredOption('--org <slug>', 'org slug')
    .requiredOption('--case <customer-or-case>', 'customer code or case id')
    .option('--json', 'print JSON')
    .action((o: { org: string; case: string; json?: boolean }) => withDatabase(async ({ database }) => {
      const org = await getOrg(database.db, o.org);
      const log = await caseDeliveryLog(database.db, org.id, o.case);
      if (o.json) { out(JSON.stringify(log)); return; }
      out(`${log.customer?.name} (${log.customer?.code}), cases ${log.caseIds.join(', ')}`);
      out(`reminders: ${log.reminders.length}`);
      for (const r of log.reminders) {
        const when = r.status === 'pending' && !r.delivered ? `due ${iso(r.dueAt)} (not yet: waits for the recipient's working hours or its date)` : `due ${iso(r.dueAt)}`;
        out(`  reminder ${r.id} ${r.kind} to user ${r.userId ?? '-'}: ${r.status}, ${when}${r.sentAt ? `, sent ${iso(r.sentAt)}` : ''}`);
      }
      out(`deliveries: ${log.deliveries.length}`);
      printDeliveries(log.deliveries);
    }));

  jobs.command('failed').description('deliveries that failed for good, with their reason')
    .requiredOption('--org <slug>', 'org slug')
    .option('--limit <n>', 'how many, latest first', '100')
    .option('--json', 'print JSON')
    .action((o: { org: string; limit: string; json?: boolean }) => withDatabase(async ({ database }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new DuebotError('invalid', '--limit must be a whole number ≥ 1');
      const org = await getOrg(database.db, o.org);
      const list = await failedDeliveries(database.db, org.id, limit);
      if (o.json) { out(JSON.stringify(list)); return; }
      out(list.length === 0 ? 'no failed deliveries' : `${list.length} failed deliveries:`);
      printDeliveries(list);
    }));
}
