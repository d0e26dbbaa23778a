// Issue 11 item 6: email to customers goes through the delivery pipeline *with a budget*, like a
// chat post: each send takes a slot in the SMTP relay's budget (and its recipients' domain's)
// before the conversation starts, so a burst of approved sends is paced instead of hitting the
// relay at once. Measured at the real SMTP server on loopback: when each MAIL FROM began.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createJobsRuntime, PLATFORM_LIMITS, type JobsRuntime } from '../../../jobs/index.js';
import { recipientDomain } from '../../../jobs/delivery/deliver.js';
import { createMailer, type Mailer } from '../../../src/services/email/mailer.js';
import { startSmtpSink, type SmtpSink } from '../../../src/services/email/smtp-sink.js';
import { testDatabase } from '../../support/db.js';
import { queueDemoEmails, silent, testPrefix } from './jobs-fixtures.js';

const AS_OF = '2026-11-23';
const NOW = new Date('2026-11-23T03:00:00Z');   // Monday 11:00 in Shanghai, inside customer hours
// One send a second to the relay (×0.95 safety: a slot every 1,053 ms).
const RELAY_PER_SECOND = 1;

const t = testDatabase();
let sink: SmtpSink;
let mailer: Mailer;
let rt: JobsRuntime;

beforeAll(async () => {
  sink = await startSmtpSink();
  mailer = createMailer({ url: sink.url, from: 'Orient AR <ar@orient.example>' });
  rt = createJobsRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: testPrefix(), ports: {}, log: silent,
    maintenance: false, now: () => NOW, mailer, concurrency: { delivery: 8 },
    limits: { ...PLATFORM_LIMITS, email: { channel: { perSecond: 100, burst: 1 }, app: { perSecond: RELAY_PER_SECOND, burst: 1 } } } });
  await rt.start();
});
afterAll(async () => { await rt?.stop(); mailer?.close(); await sink?.close(); });

describe('email sends take a slot in their budget', () => {
  it('paces three approved sends at the relay\'s rate although eight workers could send them at once', async () => {
    const { statuses } = await queueDemoEmails(t.db, 3, { asOf: AS_OF, now: NOW, key: 'send' });
    expect(statuses).toEqual(['queued', 'queued', 'queued']);
    await rt.processOutbox();
    const got = await sink.waitFor(3, 20_000);
    expect(sink.messages).toHaveLength(3);
    const starts = got.map((m) => m.startedAt).sort((a, b) => a - b);
    const slot = 1000 / (RELAY_PER_SECOND * 0.95);
    // Each conversation began at least about one slot after the one before (a little early is the
    // time between taking the slot and saying MAIL FROM varying from send to send).
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThan(slot * 0.75);
  });

  it('budgets by the domain of the first recipient', () => {
    expect(recipientDomain('AP@Acme.Example, boss@acme.example')).toBe('acme.example');
    expect(recipientDomain('nobody')).toBe('nobody');
  });
});
