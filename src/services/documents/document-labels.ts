// What the fixed parts of statements and letters say (titles, table headings), in zh-CN and en-US.
import type { Bucket } from '../../domain/aging.js';
import { domainLabels } from '../../domain/labels.js';
import type { TemplateKind, TemplateLocale } from './template-fields.js';

export interface DocumentLabels {
  title: Record<TemplateKind, string>;
  /** The PDF file name's stem (ASCII, for every mail client). */
  fileStem: Record<TemplateKind, string>;
  to: string; attn: string; customerCode: string;
  invoices: string; payments: string; aging: string; remittance: string; noRemittance: string;
  col: { number: string; issued: string; due: string; days: string; amount: string; balance: string; paidOn: string; reference: string;
    bucket: string; count: string };
  bucket: Record<Bucket, string>;
  disputed: string; total: string; none: string;
  contactLine: (name: string, email: string) => string;
  dearFallback: string;
}

const zh: DocumentLabels = {
  title: { courtesy: '付款提示函', reminder: '付款提醒函', final_notice: '最后催告函', statement: '对账单' },
  fileStem: { courtesy: 'courtesy', reminder: 'reminder', final_notice: 'final-notice', statement: 'statement' },
  to: '致', attn: '收件人', customerCode: '客户编号',
  invoices: '发票明细', payments: '期间收款', aging: '账龄', remittance: '收款账户', noRemittance: '（收款账户信息请向我司索取）',
  col: { number: '发票号', issued: '开票日', due: '到期日', days: '逾期天数', amount: '发票金额', balance: '未付余额', paidOn: '收款日',
    reference: '备注', bucket: '账龄段', count: '笔数' },
  bucket: domainLabels('zh-CN').bucket,
  disputed: '（有争议）', total: '合计', none: '无',
  contactLine: (name, email) => `联系人：${name}（${email}）`,
  dearFallback: '财务部',
};

const en: DocumentLabels = {
  title: { courtesy: 'Payment reminder (not yet due)', reminder: 'Payment reminder', final_notice: 'Final notice', statement: 'Statement of account' },
  fileStem: zh.fileStem,
  to: 'To', attn: 'Attention', customerCode: 'Customer code',
  invoices: 'Invoices', payments: 'Payments received', aging: 'Aging', remittance: 'Remittance details',
  noRemittance: '(ask us for our bank details)',
  col: { number: 'Invoice', issued: 'Issued', due: 'Due', days: 'Days overdue', amount: 'Amount', balance: 'Open balance', paidOn: 'Paid on',
    reference: 'Reference', bucket: 'Bucket', count: 'Count' },
  bucket: domainLabels('en-US').bucket,
  disputed: ' (disputed)', total: 'Total', none: 'None',
  contactLine: (name, email) => `Your contact: ${name} (${email})`,
  dearFallback: 'Accounts Payable',
};

export const DOCUMENT_LABELS: Record<TemplateLocale, DocumentLabels> = { 'zh-CN': zh, 'en-US': en };
