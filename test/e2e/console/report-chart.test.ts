// `/ar report … chart` on the console (issue 13): the chart comes through the same delivery
// pipeline; a terminal shows no picture, so the post says in words what it shows and, when the
// console keeps images (the demo: DUEBOT_HOME/charts), the path of the PNG it wrote.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsolePort } from '../../../adapters/console/console-port.js';
import { createChat } from '../../../src/chat/router.js';
import { createLogger } from '../../../src/log.js';
import { testDatabase } from '../../support/db.js';
import { testDeliveries } from '../../support/test-deliveries.js';
import { addCustomer, seedOrg, TODAY, type OrgFixture } from '../../integration/services/fixtures.js';

const t = testDatabase();
const NOW = new Date(`${TODAY}T03:00:00Z`);
let org: OrgFixture;
const dir = mkdtempSync(join(tmpdir(), 'duebot-charts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  org = await seedOrg(t.db);
  await addCustomer(t.db, org.orgId, { code: 'C1', name: '华东机电', invoices: [{ number: 'I1', amount: 500_000n, daysOverdue: 95 }, { number: 'I2', amount: 120_000n, daysOverdue: 40 }] });
});

async function ask(text: string, imageDir?: string): Promise<string> {
  const output = new PassThrough();
  let shown = '';
  output.on('data', (c: Buffer) => { shown += c.toString(); });
  const port = new ConsolePort(output, false, undefined, imageDir ? { imageDir } : {});
  const deliveries = testDeliveries({ db: t.db, ports: { console: port }, now: () => NOW });
  await deliveries.start();
  try {
    const chat = createChat({ db: t.db, log: createLogger('silent'), now: () => NOW, outbox: deliveries.outbox });
    const res = await chat.handleText({ platform: 'console', workspaceId: org.slug, channelId: 'general', externalUserId: org.manager.email }, text);
    expect(res.reply?.ephemeral).toBe(true);
    await deliveries.runtime.processOutbox();
    await deliveries.settled(org.orgId, 60_000);
  } finally { await deliveries.stop(); }
  return shown;
}

describe('/ar report … chart on the console', () => {
  it('posts the chart\'s words in the channel, and the path of the PNG it wrote', async () => {
    const shown = await ask('report aging chart', dir);
    expect(shown).toContain('#general');
    expect(shown).toMatch(/Aging structure · .*91–180 days 5,000\.00/);
    const path = new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\S+\\.png`).exec(shown)?.[0];
    expect(path).toBeDefined();
    expect(readFileSync(path!).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('says in words what the KPI trend shows where images are not kept', async () => {
    const shown = await ask('report kpi chart');
    expect(shown).toMatch(/12-week trend · .*DSO \(days\)/);
    expect(shown).not.toMatch(/\.png/);
  });
});
