import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createWorkQueue } from '../../../../adapters/slack/work-queue.js';

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the work queue after acks', () => {
  it('runs at most `concurrency` tasks at once and drains', async () => {
    const q = createWorkQueue(log, { concurrency: 2 });
    let running = 0;
    let peak = 0;
    for (let i = 0; i < 6; i++) {
      q.push(async () => { running++; peak = Math.max(peak, running); await sleep(10); running--; });
    }
    expect(q.size).toBe(6);
    await q.drain();
    expect(peak).toBe(2);
    expect(q.size).toBe(0);
  });

  it('holds new work back while requests wait for their ack, at most maxWaitMs', async () => {
    let busy = true;
    let clock = 0;
    let rechecks = 0;
    // The queue's clock stands still until the test moves it, whatever the machine's load.
    const q = createWorkQueue(log, { acking: () => { rechecks++; return busy; }, maxWaitMs: 100, now: () => clock });
    const started: number[] = [];
    q.push(async () => { started.push(clock); });
    while (rechecks < 5) await sleep(1);
    expect(started).toEqual([]);
    clock = 99;
    const seen = rechecks;
    while (rechecks < seen + 3) await sleep(1);
    expect(started).toEqual([]);
    clock = 100;
    await q.drain();
    expect(started).toEqual([100]);
    busy = false;
    q.push(async () => { started.push(clock); });
    await q.drain();
    expect(started).toEqual([100, 100]);
  });

  it('starts urgent work (a modal to open) at once, even while busy', async () => {
    const q = createWorkQueue(log, { acking: () => true, maxWaitMs: 10_000, concurrency: 1 });
    let ran = false;
    q.push(async () => { ran = true; }, { urgent: true });
    await q.drain();
    expect(ran).toBe(true);
  });

  it('keeps going after a task fails', async () => {
    const q = createWorkQueue(log);
    let after = false;
    q.push(async () => { throw new Error('boom'); });
    q.push(async () => { after = true; });
    await q.drain();
    expect(after).toBe(true);
  });

  it('is bounded: past maxPending it refuses new work instead of growing (issue 9, 9)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const q = createWorkQueue(log, { concurrency: 1, maxPending: 3 });
    const taken = [1, 2, 3, 4, 5].map(() => q.push(() => gate));
    expect(taken).toEqual([true, true, true, false, false]);
    expect(q.full).toBe(true);
    expect(q.size).toBe(3);
    release();
    await q.drain();
    expect(q.full).toBe(false);
    expect(q.push(async () => {})).toBe(true);
    await q.drain();
  });
});
