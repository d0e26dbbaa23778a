// What `duebot jobs status` shows: each queue's counts and the schedulers with their next run.
import { QUEUE_NAMES, type QueueFactory } from './queues.js';

export interface JobsStatus {
  queues: { name: string; waiting: number; active: number; delayed: number; failed: number; completed: number; paused: number }[];
  schedulers: { id: string; pattern?: string; every?: number; tz?: string; next?: string }[];
}

export async function jobsStatus(queues: QueueFactory): Promise<JobsStatus> {
  const out: JobsStatus = { queues: [], schedulers: [] };
  for (const name of Object.values(QUEUE_NAMES)) {
    const q = queues.queue(name);
    const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'paused' as never);
    out.queues.push({ name, waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0,
      completed: c.completed ?? 0, paused: c.paused ?? 0 });
  }
  const schedulers = await queues.queue(QUEUE_NAMES.schedules).getJobSchedulers(0, -1, true);
  for (const s of schedulers) {
    out.schedulers.push({ id: s.key, ...(s.pattern ? { pattern: s.pattern } : {}), ...(s.every ? { every: Number(s.every) } : {}),
      ...(s.tz ? { tz: s.tz } : {}), ...(s.next ? { next: new Date(Number(s.next)).toISOString() } : {}) });
  }
  return out;
}
