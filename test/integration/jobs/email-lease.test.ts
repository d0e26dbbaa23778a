// An SMTP conversation has no bound the way a platform call has one (a slow relay, a large
// attachment): the worker that claimed an email delivery renews the claim's lease while the
// conversation runs. So when Redis loses the jobs meanwhile, reconcile's copy of the job finds the
// lease still held, sends nothing and waits; the email goes to the relay once. Without the
// renewal, the copy would claim the delivery once the lease lapsed and send the message again.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JobsRuntime } from '../../../jobs/index.js';
import { sendingStaleMs } from '../../../jobs/delivery/delivery-log.js';
import { jobId } from '../../../jobs/queues.js';
import { createMailer, type Mailer } from '../../../src/services/email/mailer.js';
import { startSmtpSink, type SmtpSink } from '../../../src/services/email/smtp-sink.js';
import { testDatabase } from '../../support/db.js';
import { flushPrefix, makeRuntime, queueDemoEmails, testPrefix, waitFor } from './jobs-fixtures.js';

const AS_OF = '2026-11-23';
const NOW = new Date('2026-11-23T03:00:00Z');   // Monday 11:00 in Shanghai, inside customer hours
// Platform calls of 300 ms: a claim's lease is 1.8 s, renewed every 0.6 s.
const CALL_TIMEOUT_MS = 300;
const LEASE_MS = sendingStaleMs(CALL_TIMEOUT_MS);

const t = testDatabase();
const prefix = testPrefix();
let sink: SmtpSink;
let mailer: Mailer;
let rt: JobsRuntime;

beforeAll(async () => {
  sink = await startSmtpSink();
  mailer = createMailer({ url: sink.url, from: 'Orient AR <ar@orient.example>' });
  rt = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: {}, now: () => NOW, mailer,
    platformCallTimeoutMs: CALL_TIMEOUT_MS, concurrency: { delivery: 4 } });
  await rt.start();
});
afterAll(async () => {
  sink?.release();
  await rt?.stop();
  mailer?.close();
  await sink?.close();
  await flushPrefix(inject('redisUrl'), prefix);
});

describe('an email whose SMTP conversation outlasts the lease', () => {
  it('is sent once: its worker keeps the lease, reconcile\'s copy waits and then finds it sent', async () => {
    const { orgId, statuses } = await queueDemoEmails(t.db, 1, { asOf: AS_OF, now: NOW, key: 'lease' });
    expect(statuses).toEqual(['queued']);

    // The relay takes the message and does not answer yet.
    sink.hold(1);
    await rt.processOutbox();
    await waitFor('the relay to hold the message', () => sink.held === 1);
    const delivery = () => t.db.selectFrom('deliveries').selectAll().where('org_id', '=', orgId).where('kind', '=', 'email').executeTakeFirstOrThrow();
    const claimed = await delivery();
    expect(claimed.status).toBe('sending');
    // The conversation outlasts the lease taken at the claim: its worker has renewed it.
    const firstLease = claimed.lease_until!.getTime();
    await waitFor('the lease to be renewed past its first end', async () => (await delivery()).lease_until!.getTime() > firstLease + LEASE_MS);
    expect(sink.held).toBe(1);

    // Redis loses every job, the live worker's own with it; reconcile puts the delivery back for
    // when its lease lapses. When that job runs, the lease is still held: it sends nothing and waits.
    await flushPrefix(inject('redisUrl'), prefix);
    expect((await rt.reconcile()).requeuedDeliveries).toBe(1);
    const job = () => rt.queues.queue('delivery').getJob(jobId('delivery', String(claimed.id)));
    await waitFor('reconcile\'s job to run and wait again', async () => {
      const j = await job();
      return j?.processedOn !== undefined && (await j.getState()) === 'delayed';
    }, 20_000);
    expect(sink.held).toBe(1);
    expect(sink.messages).toHaveLength(0);

    // The relay answers: the one message lands and the delivery is recorded sent.
    sink.release();
    await waitFor('the delivery to be recorded sent', async () => (await delivery()).status === 'sent');
    const sent = await delivery();
    expect(sent.lease_until).toBeNull();
    // Reconcile's job comes back, finds it sent, and sends nothing.
    await waitFor('reconcile\'s job to finish', async () => (await (await job())?.getState()) === 'completed', 20_000);
    expect(sink.messages).toHaveLength(1);
    expect(sent.message_id).toBe((await t.db.selectFrom('outbound_messages').select('message_id').where('org_id', '=', orgId)
      .where('id', '=', sent.outbound_message_id!).executeTakeFirstOrThrow()).message_id);
  });
});
