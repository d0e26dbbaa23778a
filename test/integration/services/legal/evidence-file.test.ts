import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { claimCase, decideEscalation, logRecord, requestEscalation } from '../../../../src/services/cases/index.js';
import { moveLegalStage } from '../../../../src/services/legal/move-legal-stage.js';
import { evidenceFile } from '../../../../src/services/legal/evidence-file.js';
import { duebot } from '../../../support/cli.js';
import { verifyRecordChain } from '../../../../src/services/audit.js';
import { testDatabase } from '../../../support/db.js';
import { addCustomer, seedOrg, TODAY } from '../fixtures.js';

const t = testDatabase();
const opts = { today: TODAY };
afterEach(() => { vi.restoreAllMocks(); });

async function legalCase() {
  const org = await seedOrg(t.db);
  await addCustomer(t.db, org.orgId, { code: 'EV', name: '华东建材有限公司', invoices: [
    { number: 'EV-1', amount: 400_000n, daysOverdue: 120 }, { number: 'EV-2', amount: 80_000n, daysOverdue: 200 },
  ] });
  await claimCase(t.db, org.sales, { customer: 'EV' }, opts);
  for (const method of ['letter', 'email', 'lawyer_letter'] as const) {
    await logRecord(t.db, org.sales, { customer: 'EV', method, text: `${method} 已寄出催款函` }, opts);
  }
  await logRecord(t.db, org.sales, { customer: 'EV', method: 'call', outcome: 'refused', text: '客户拒绝付款' }, opts);
  const r = await requestEscalation(t.db, org.sales, { customer: 'EV', reason: '三次书面催收无果' }, opts);
  await decideEscalation(t.db, org.manager, { escalationId: r.escalation!.id, decision: 'approve', note: '同意起诉' }, opts);
  await moveLegalStage(t.db, org.legal, { customer: 'EV', stage: 'filed', note: '已向区法院起诉' }, opts);
  return org;
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

describe('the evidence file', () => {
  it('holds every record with its hash and link, the approvals and the chain head, in Chinese; its SHA-256 is audited', async () => {
    const org = await legalCase();
    const dir = mkdtempSync(path.join(tmpdir(), 'duebot-evidence-'));
    const file = path.join(dir, 'ev.pdf');
    process.env.DATABASE_URL = t.url;
    const printed = await duebot('evidence', 'EV', '--org', org.slug, '--out', file);
    const bytes = readFileSync(file);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(printed).toContain(`sha256 ${sha}`);

    const text = pdfText(file);
    const records = await t.db.selectFrom('collection_records').select(['hash', 'prev_hash', 'body']).where('org_id', '=', org.orgId)
      .orderBy('seq').execute();
    expect(records).toHaveLength(5);
    for (const r of records) {
      expect(text).toContain(r.hash);
      expect(text).toContain(r.prev_hash);
    }
    expect(text).toContain('华东建材有限公司');
    expect(text).toContain('客户拒绝付款');
    expect(text).toContain('同意起诉');
    const head = await t.db.selectFrom('record_chain_heads').select('hash').where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(text).toContain(`duebot audit verify --org ${org.slug} --against ${head.hash}`);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'detail']).where('org_id', '=', org.orgId)
      .where('action', '=', 'evidence.export').execute();
    expect(audit).toEqual([{ action: 'evidence.export', detail: expect.objectContaining({ sha256: sha, records: 5 }) }]);

    // Altering a record afterwards: audit verify names it.
    const second = await t.db.selectFrom('collection_records').select('id').where('org_id', '=', org.orgId).orderBy('seq').offset(1).limit(1)
      .executeTakeFirstOrThrow();
    await sql`alter table collection_records disable trigger collection_records_append_only`.execute(t.db);
    await sql`update collection_records set body = 'paid in full' where id = ${second.id}`.execute(t.db);
    await sql`alter table collection_records enable trigger collection_records_append_only`.execute(t.db);
    expect(await verifyRecordChain(t.db, org.orgId)).toMatchObject({ ok: false, firstBad: { id: second.id, reason: 'hash_mismatch' } });
  });

  it('marks a written demand the mail server refused as not delivered (issue 11), beside its unchanged hash', async () => {
    const org = await legalCase();
    const email = await t.db.selectFrom('collection_records').select(['id', 'hash']).where('org_id', '=', org.orgId)
      .where('method', '=', 'email').executeTakeFirstOrThrow();
    await t.db.insertInto('record_delivery_statuses').values({ org_id: org.orgId, record_id: email.id, status: 'undelivered',
      reason: '550 5.1.1 mailbox unavailable', created_at: new Date('2026-03-09T02:00:00Z') }).execute();
    const file = await evidenceFile(t.db, org.legal, 'EV', new Date('2026-03-10T04:00:00Z'));
    const dir = mkdtempSync(path.join(tmpdir(), 'duebot-evidence-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'ev.pdf'), file.pdf);
    const text = pdfText(path.join(dir, 'ev.pdf'));
    expect(text).toContain(email.hash);
    expect(text).toContain('Not delivered');
    expect(text).toContain('550 5.1.1 mailbox unavailable');
    expect(text.match(/Not delivered/g)).toHaveLength(1);
    expect(await verifyRecordChain(t.db, org.orgId)).toMatchObject({ ok: true });
  });

  it('is for legal and managers only, and is the same file for the same ledger and moment', async () => {
    const org = await legalCase();
    await expect(evidenceFile(t.db, org.sales, 'EV')).rejects.toMatchObject({ code: 'forbidden' });
    const at = new Date('2026-03-10T04:00:00Z');
    const a = await evidenceFile(t.db, org.legal, 'EV', at);
    const b = await evidenceFile(t.db, org.manager, 'EV', at);
    expect(a.records).toBe(5);
    expect(a.fileName).toBe('evidence-EV-2026-03-10.pdf');
    expect(b.sha256).not.toBe(a.sha256);                  // the exporter is printed in the file
    const c = await evidenceFile(t.db, org.legal, 'EV', at);
    expect(c.sha256).toBe(a.sha256);
  });
});
