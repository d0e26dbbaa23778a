// The evidence file: one PDF for a court or a lawyer (DOMAIN "Legal track and agencies"), in the
// org's language, Chinese rendered with the shipped font. Every collection record appears in chain
// order with its hash and the hash of the record before it; the last page gives the org's chain
// head at export and how to check it. The file's own SHA-256 goes into the audit log, so a copy
// handed out can later be matched to this export.
import { createHash } from 'node:crypto';
import { domainLabels } from '../../domain/labels.js';
import { isLegalStage } from '../../domain/legal-stages.js';
import type { Locale } from '../../domain/locale.js';
import { displayMinor } from '../../domain/money.js';
import type { Db } from '../../store/connection.js';
import { renderPdf, type PdfBlock } from '../documents/pdf-document.js';
import type { Actor } from '../identity.js';
import { evidenceData, loadEvidence, type EvidenceData } from './evidence-data.js';

type Lang = Locale;

const L = {
  'zh-CN': {
    title: (c: string) => `证据材料：${c}`, customer: '客户与合同资料', code: '客户编码', name: '客户名称', grade: '信用等级',
    limit: '信用额度', terms: '账期（天）', industry: '行业', region: '区域', owner: '负责人',
    invoices: '发票', payments: '回款', records: '催收记录（按哈希链顺序）', approvals: '审批', legal: '诉讼进程',
    number: '发票号', issued: '开票日', due: '到期日', amount: '金额', paid: '已收', status: '状态', date: '日期', reference: '凭证',
    seq: '序号', when: '时间', method: '方式', outcome: '结果', text: '内容', author: '记录人', hash: '哈希', prev: '前一条哈希',
    kind: '类型', requested: '申请', decided: '决定', reason: '理由', stage: '阶段', by: '经办人', result: '结果', recovered: '回收',
    verify: '核验', none: '无',
    undelivered: '未送达', undeliveredText: (at: string, reason: string) => `收件方邮件服务器拒收（${at}）：${reason}。不计入书面催收，也不中断诉讼时效。`,
    verifyText: (slug: string, seq: string, hash: string) =>
      `导出时本组织催收记录哈希链的链头：第 ${seq} 条，哈希 ${hash}。每条记录的哈希由其内容和前一条记录的哈希计算得出；` +
      `任何一条记录被修改、删除或插入都会使之后的哈希全部不符。核验方法：duebot audit verify --org ${slug} --against ${hash}` +
      '（重新计算全部记录的哈希并确认本链头仍在链中）。',
    exported: (at: string, by: string) => `导出时间 ${at}，导出人 ${by}。本文件的 SHA-256 记录于审计日志。`,
  },
  'en-US': {
    title: (c: string) => `Evidence file: ${c}`, customer: 'Customer and contract', code: 'Customer code', name: 'Customer name',
    grade: 'Credit grade', limit: 'Credit limit', terms: 'Payment terms (days)', industry: 'Industry', region: 'Region', owner: 'Owner',
    invoices: 'Invoices', payments: 'Payments', records: 'Collection records (in hash-chain order)', approvals: 'Approvals',
    legal: 'Litigation', number: 'Invoice', issued: 'Issued', due: 'Due', amount: 'Amount', paid: 'Paid', status: 'Status',
    date: 'Date', reference: 'Reference', seq: 'Seq', when: 'Recorded', method: 'Method', outcome: 'Outcome', text: 'Text',
    author: 'By', hash: 'Hash', prev: 'Previous hash', kind: 'Kind', requested: 'Requested', decided: 'Decided', reason: 'Reason',
    stage: 'Stage', by: 'By', result: 'Result', recovered: 'Recovered', verify: 'Verification', none: 'none',
    undelivered: 'Not delivered',
    undeliveredText: (at: string, reason: string) =>
      `The recipient's mail server refused it (${at}): ${reason}. It counts neither as a written demand nor against the limitation period.`,
    verifyText: (slug: string, seq: string, hash: string) =>
      `The org's collection-record chain head at export: record ${seq}, hash ${hash}. Each record's hash is computed from ` +
      'its content and the hash of the record before it; changing, deleting or inserting any record breaks every hash after it. ' +
      `To check: duebot audit verify --org ${slug} --against ${hash} (recomputes every record's hash and confirms this head is still in the chain).`,
    exported: (at: string, by: string) => `Exported ${at} by ${by}. The SHA-256 of this file is recorded in the audit log.`,
  },
} as const;

/** The PDF's content blocks: pure, so what the file says can be tested without a PDF reader. */
export function evidenceBlocks(d: EvidenceData, lang: Lang): PdfBlock[] {
  const l = L[lang];
  const money = (m: bigint | null, currency = d.org.currency) => (m === null ? '' : displayMinor(m, currency));
  const c = d.customer;
  const blocks: PdfBlock[] = [
    { kind: 'heading', text: l.customer },
    { kind: 'fields', fields: [[l.code, c.code], [l.name, c.name], [l.grade, c.creditGrade], [l.limit, money(c.creditLimitMinor)],
      [l.terms, String(c.paymentTermsDays)], [l.industry, c.industry ?? l.none], [l.region, c.region ?? l.none], [l.owner, c.owner ?? l.none]] },
    { kind: 'heading', text: l.invoices },
    { kind: 'table', columns: [l.number, l.issued, l.due, l.amount, l.paid, l.status],
      rows: d.invoices.map((i) => [i.number, i.issuedOn, i.dueOn, money(i.amountMinor, i.currency), money(i.paidMinor, i.currency), i.status]),
      align: ['left', 'left', 'left', 'right', 'right', 'left'] },
    { kind: 'heading', text: l.payments },
    d.payments.length === 0 ? { kind: 'paragraph', text: l.none }
      : { kind: 'table', columns: [l.date, l.number, l.amount, l.reference],
        rows: d.payments.map((p) => [p.paidOn, p.invoice, money(p.amountMinor, p.currency), p.reference ?? '']), align: ['left', 'left', 'right', 'left'] },
    { kind: 'heading', text: l.records },
  ];
  if (d.records.length === 0) blocks.push({ kind: 'paragraph', text: l.none });
  // One small block per record: the text can be long, and the hashes must be whole (never cut by a column).
  for (const r of d.records) {
    blocks.push({ kind: 'fields', fields: [
      [l.seq, `${r.seq}  ·  ${r.recordedAt}  ·  ${r.method}${r.outcome ? ` / ${r.outcome}` : ''}  ·  ${r.author ?? ''}`],
      [l.text, r.body], [l.hash, r.hash], [l.prev, r.prevHash],
      ...(r.undelivered ? [[l.undelivered, l.undeliveredText(r.undelivered.at, r.undelivered.reason)] as [string, string]] : []),
    ] });
  }
  blocks.push({ kind: 'heading', text: l.approvals });
  if (d.escalations.length === 0) blocks.push({ kind: 'paragraph', text: l.none });
  for (const e of d.escalations) {
    blocks.push({ kind: 'fields', fields: [
      [l.kind, `${e.kind} · ${e.status} · ${money(e.balanceMinor)}`],
      [l.requested, `${e.requestedBy} · ${e.requestedAt}`], [l.reason, e.reason + (e.overrideReason ? ` (override: ${e.overrideReason})` : '')],
      [l.decided, e.decidedBy ? `${e.decidedBy} · ${e.decidedAt ?? ''}${e.decisionNote ? ` · ${e.decisionNote}` : ''}` : l.none],
    ] });
  }
  blocks.push({ kind: 'heading', text: l.legal });
  blocks.push(d.legalMoves.length === 0 ? { kind: 'paragraph', text: l.none }
    : { kind: 'table', columns: [l.date, l.stage, l.result, l.recovered, l.by, l.seq],
      rows: d.legalMoves.map((m) => [m.movedOn, isLegalStage(m.stage) ? domainLabels(lang).legalStage[m.stage] : m.stage, m.result ?? '', money(m.recoveredMinor), m.by ?? '', String(m.recordSeq)]) });
  blocks.push({ kind: 'heading', text: l.verify });
  blocks.push({ kind: 'paragraph', text: d.chainHead ? l.verifyText(d.org.slug, String(d.chainHead.seq), d.chainHead.hash) : l.none });
  blocks.push({ kind: 'note', text: l.exported(d.exportedAt, d.exportedBy ? `${d.exportedBy.name} <${d.exportedBy.email}>` : 'duebot CLI') });
  return blocks;
}

export interface EvidenceFile { pdf: Buffer; sha256: string; fileName: string; records: number; chainHead: EvidenceData['chainHead'] }

async function build(db: Db, d: EvidenceData, lang: Lang, actor: { userId: number | null; label: string }): Promise<EvidenceFile> {
  const pdf = await renderPdf({ title: L[lang].title(`${d.customer.name} (${d.customer.code})`), date: d.exportedOn,
    issuer: d.org.name, lang, blocks: evidenceBlocks(d, lang) });
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const orgId = (await db.selectFrom('orgs').select('id').where('slug', '=', d.org.slug).executeTakeFirstOrThrow()).id;
  await db.insertInto('audit_log').values({ org_id: orgId, actor_user_id: actor.userId, actor: actor.label, action: 'evidence.export',
    subject_type: 'customer', subject_id: String(d.customer.id),
    detail: JSON.stringify({ sha256, bytes: pdf.length, records: d.records.length, chainHead: d.chainHead
      ? { seq: d.chainHead.seq.toString(), hash: d.chainHead.hash } : null }) }).execute();
  return { pdf, sha256, fileName: `evidence-${d.customer.code}-${d.exportedOn}.pdf`, records: d.records.length, chainHead: d.chainHead };
}

/** `/ar evidence <customer>`: legal, managers and admins; in the asker's language. */
export async function evidenceFile(db: Db, actor: Actor, customerRef: string, now: Date = new Date()): Promise<EvidenceFile> {
  const d = await evidenceData(db, actor, customerRef, now);
  return build(db, d, actor.locale, { userId: actor.userId, label: `user:${actor.userId}` });
}

/** `duebot evidence <customer> --org <slug> --out file.pdf`: an operator on the server; the org's language. */
export async function evidenceFileForCli(db: Db, orgId: number, customerRef: string, now: Date = new Date()): Promise<EvidenceFile> {
  const org = await db.selectFrom('orgs').select('locale').where('id', '=', orgId).executeTakeFirstOrThrow();
  const d = await loadEvidence(db, orgId, customerRef, now);
  return build(db, d, org.locale, { userId: null, label: 'cli' });
}
