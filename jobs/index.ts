// The jobs: BullMQ queues, schedulers and processors (digest, alerts, reminders, delivery).
export { createJobsRuntime, type JobsRuntime, type JobsRuntimeOptions } from './runtime.js';
export { PlatformError, isPlatformError, classifyError, retryAfterMs, slackPlatformError, larkPlatformError, type PlatformErrorCode, type PermanentReason } from './platform-error.js';
export { PLATFORM_LIMITS, scaleLimits, createRateBudget, type PlatformLimits, type RateLimit, type RateBudget } from './rate-budget.js';
export { QUEUE_NAMES, DEFAULT_PREFIX, createQueueFactory, createRedis, queueBackend, type QueueBackend, type QueueFactory, type RedisClient, type RedisTarget } from './queues.js';
export { jobsStatus, type JobsStatus } from './status.js';
export { caseDeliveryLog, failedDeliveries, type CaseDeliveryLog, type DeliveryLogEntry } from './delivery-report.js';
export { defaultJobViews, type JobViews } from './views.js';
export type { ScheduleJob, ReconcileResult } from './schedules.js';
