// The scripted console story of the chat layer: digest → claim → three letters and a reply →
// escalate → approve, through the same router the Slack and Lark adapters use.
import { describe, expect, it, beforeAll } from 'vitest';
import { PassThrough } from 'node:stream';
import { testDatabase } from '../../support/db.js';
import { loadDemoOrg } from '../../../src/services/demo/index.js';
import { createChat } from '../../../src/chat/router.js';
import { ConsolePort } from '../../../adapters/console/console-port.js';
import { runConsoleSession } from '../../../adapters/console/session.js';
import { createLogger } from '../../../src/log.js';
import { testDeliveries } from '../../support/test-deliveries.js';

const t = testDatabase();
const NOW = new Date('2026-11-23T03:00:00Z');   // 11:00 in Shanghai
const SALES = 'liu.yang@demo.duebot.local';
const MANAGER = 'chen.jing@demo.duebot.local';

async function runScript(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (c: Buffer) => { text += c.toString(); });
  const port = new ConsolePort(output, false);
  const deliveries = testDeliveries({ db: t.db, ports: { console: port }, now: () => NOW });
  await deliveries.start();
  const chat = createChat({ db: t.db, log: createLogger('silent'), now: () => NOW, outbox: deliveries.outbox });
  input.end(lines.join('\n') + '\n');
  try {
    await runConsoleSession({ chat, port, orgSlug: 'demo', as: SALES, input, output, interactive: false });
    await deliveries.settled();
  } finally { await deliveries.stop(); }
  return text;
}

describe('console story', () => {
  let code: string;
  let caseId: number;

  beforeAll(async () => {
    await loadDemoOrg(t.db, { asOf: '2026-11-23' });
    // An unclaimed red case with nothing logged yet: the story builds its evidence from scratch.
    const row = await t.db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['cases.id', 'customers.code'])
      .where('cases.level', '=', 'red').where('cases.owner_user_id', 'is', null).where('cases.status', '=', 'open')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('collection_records').select('id').whereRef('collection_records.case_id', '=', 'cases.id'))))
      .orderBy('customers.code').executeTakeFirstOrThrow();
    code = row.code;
    caseId = row.id;
  });

  it('runs digest → claim → three letters and a reply → escalate → approve', async () => {
    const out = await runScript([
      '/ar lang en',
      '/ar digest',
      `/ar claim ${code}`,
      `/ar log ${code} letter First reminder letter sent by post`,
      `/ar log ${code} email Statement of account emailed to finance`,
      `/ar log ${code} lawyer_letter Lawyer's letter: pay within 7 days <!channel>`,
      `/ar log ${code} call refused Customer refuses to pay, disputes nothing`,
      `/ar escalate ${code} Three written notices and a refusal: hand to legal`,
      `/ar approve ${code} approving my own request`,
      ':as zhang.wei@demo.duebot.local',
      `/ar approve ${code} a salesperson approving`,
      `:as ${MANAGER}`,
      `/ar approve ${code} Go ahead`,
    ]);
    expect(out).toContain('Overdue digest');
    expect(out).toMatch(/You own .*\(/);
    expect(out.match(/logged for/g)).toHaveLength(4);
    expect(out).toContain('Legal escalation');
    // Salespeople cannot decide escalations, their own least of all; each answers in their language.
    expect(out).toContain('You are not allowed to do that.');
    expect(out).toContain('你没有权限执行此操作。');
    expect(out).toMatch(/已批准 .* 的法律升级/);          // the manager's answer, in Chinese
    expect(out).toMatch(/✉ to liu.yang[^]*Approved by @陈静/);  // the owner is told, in English
    // User text is printed as text: the console strips nothing but control characters.
    expect(out).toContain('<!channel>');

    const kase = await t.db.selectFrom('cases').select(['status', 'stage', 'owner_user_id']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ status: 'legal', stage: 'legal' });
    const records = await t.db.selectFrom('collection_records').select(['method', 'outcome']).where('case_id', '=', caseId).orderBy('seq').execute();
    expect(records.map((r) => r.method)).toEqual(['letter', 'email', 'lawyer_letter', 'call']);
    const esc = await t.db.selectFrom('escalations').innerJoin('users', 'users.id', 'escalations.decided_by')
      .select(['escalations.status', 'users.email']).where('escalations.case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(esc).toEqual({ status: 'approved', email: MANAGER });
  });
});
