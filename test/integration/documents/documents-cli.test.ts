// Statements and letters end to end: the CLI writes a PDF whose Chinese text pdftotext extracts;
// an org's template replaces the default, a bad one is refused with line and placeholder name.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { customerDocument } from '../../../src/services/documents/customer-document.js';
import { addOrg } from '../../../src/services/orgs.js';
import { testDatabase } from '../../support/db.js';
import { duebot, runCli } from '../../support/cli.js';

const t = testDatabase();
const dir = mkdtempSync(path.join(tmpdir(), 'duebot-docs-'));
const TODAY = '2026-03-10';
let orgId: number;

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  const { org } = await addOrg(t.db, { slug: 'hz', name: '杭州示例贸易有限公司', currency: 'CNY', timezone: 'Asia/Shanghai', locale: 'zh-CN' });
  orgId = org.id;
  const owner = await t.db.insertInto('users').values({ org_id: orgId, email: 'li.wei@hz.example', name: '李伟', role: 'sales' })
    .returning('id').executeTakeFirstOrThrow();
  const c = await t.db.insertInto('customers').values({ org_id: orgId, code: 'GZ01', name: '广州南方建材有限公司', credit_grade: 'B',
    credit_limit_minor: 100_000_00n, payment_terms_days: 30, owner_user_id: owner.id }).returning('id').executeTakeFirstOrThrow();
  const inv = (number: string, amount: bigint, paid: bigint, due: string) => ({ org_id: orgId, customer_id: c.id, number, currency: 'CNY',
    amount_minor: amount, paid_minor: paid, issued_on: '2025-12-01', due_on: due });
  const rows = await t.db.insertInto('invoices').values([
    inv('INV-001', 12_000_00n, 2_000_00n, '2026-01-09'), inv('INV-002', 5_500_50n, 0n, '2026-02-28'), inv('INV-003', 800_00n, 0n, '2026-03-12'),
  ]).returning('id').execute();
  await t.db.insertInto('payments').values({ org_id: orgId, invoice_id: rows[0]!.id, amount_minor: 2_000_00n, paid_on: '2026-02-15',
    reference: '转账 0215', import_key: 'p1' }).execute();
  await t.db.insertInto('contacts').values([
    { org_id: orgId, customer_id: c.id, name: '张敏', email: 'zhang.min@gz.example', role: 'billing', locale: 'zh-CN' },
    { org_id: orgId, customer_id: c.id, name: 'Peter Hu', email: 'peter@gz.example', role: 'purchasing', locale: 'en-US' },
  ]).execute();
});

afterEach(() => { vi.restoreAllMocks(); });

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('statements and letters', () => {
  it('writes a statement in Chinese (the billing contact\'s locale) whose text pdftotext extracts', async () => {
    await duebot('org', 'messaging', 'hz', '--remittance', '开户行：中国银行杭州分行\\n账号：6222 0000 1111 2222');
    const file = path.join(dir, 's.pdf');
    const printed = await duebot('statement', 'GZ01', '--org', 'hz', '--out', file, '--as-of', TODAY);
    expect(printed).toContain(`statement for 广州南方建材有限公司 (GZ01), zh-CN, 3 invoices: ${file}`);
    const text = pdfText(file);
    for (const s of ['对账单', '广州南方建材有限公司', '尊敬的张敏', 'INV-001', '10,000.00', '5,500.50', '期间收款', '转账 0215',
      '账龄', '31–60天', '中国银行杭州分行', '6222 0000 1111 2222', '李伟']) expect(text).toContain(s);
  });

  it('writes the same bytes for the same content (deterministic PDF)', async () => {
    const a = await customerDocument(t.db, orgId, 'GZ01', 'final_notice', { today: TODAY });
    const b = await customerDocument(t.db, orgId, 'GZ01', 'final_notice', { today: TODAY });
    expect(a.message.attachments[0]!.data.equals(b.message.attachments[0]!.data)).toBe(true);
    expect(a.message.attachments[0]!.filename).toBe('final-notice-GZ01-2026-03-10.pdf');
    expect(a.message.subject).toBe('最后催告函：请于 2026-03-17 前支付 CNY 15,500.50');
  });

  it('writes a letter in English on request, listing only the overdue invoices', async () => {
    const file = path.join(dir, 'l.pdf');
    await duebot('letter', 'GZ01', '--org', 'hz', '--template', 'reminder', '--locale', 'en-US', '--out', file, '--as-of', TODAY);
    const text = pdfText(file);
    expect(text).toContain('Payment reminder');
    expect(text).toContain('the oldest by 60 days');
    expect(text).toContain('INV-002');
    expect(text).not.toContain('INV-003');   // not yet due
  });

  it('refuses a bad template with the line and name of the bad placeholder, and stores nothing', async () => {
    const bad = path.join(dir, 'bad.txt');
    writeFileSync(bad, '付款提醒\n\n尊敬的{{contact_name}}：\n请支付 {{amount_due}}。\n');
    const templates = () => t.db.selectFrom('message_templates').selectAll().execute();
    const before = await templates();   // the next test may have stored a good one already
    const { printed, exitCode } = await runCli('template', 'set', 'reminder', 'zh-CN', bad, '--org', 'hz');
    expect(printed).toContain('line 4, {{amount_due}}: unknown placeholder {{amount_due}} for a reminder template');
    expect(printed).toContain('template refused: 1 problem, nothing stored');
    expect(exitCode).toBe(1);
    expect(await templates()).toEqual(before);
  });

  it("uses the org's template once set", async () => {
    const good = path.join(dir, 'good.txt');
    writeFileSync(good, '请付款：{{customer_name}}\n\n{{contact_name}}您好，{{#invoices}}{{number}}（{{balance}}）{{/invoices}}尚未支付。\n');
    expect(await duebot('template', 'set', 'reminder', 'zh-CN', good, '--org', 'hz')).toContain('template reminder zh-CN set for hz');
    const doc = await customerDocument(t.db, orgId, 'GZ01', 'reminder', { today: TODAY });
    expect(doc.message.subject).toBe('请付款：广州南方建材有限公司');
    expect(doc.message.paragraphs[0]).toBe('张敏您好，INV-001（10,000.00）INV-002（5,500.50）尚未支付。');
    expect(doc.message.html).toContain('<p>张敏您好，INV-001（10,000.00）INV-002（5,500.50）尚未支付。</p>');
    expect(readFileSync(good, 'utf8')).toContain('{{#invoices}}');
  });
});
