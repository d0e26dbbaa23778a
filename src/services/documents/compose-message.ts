// A statement or letter as an email: subject, plain-text and HTML bodies, and the same document as
// a PDF attachment (issue 11). The template gives the words; the tables (invoices, payments,
// aging) and the remittance details are laid out here, the same in the HTML and in the PDF. User
// and ledger text is escaped into the HTML, never trusted as markup.
import { displayMinor } from '../../domain/money.js';
import type { DocumentData } from './document-data.js';
import { DOCUMENT_LABELS, type DocumentLabels } from './document-labels.js';
import { renderPdf, type PdfBlock } from './pdf-document.js';
import { renderTemplateText } from './template-check.js';
import type { TemplateLocale } from './template-fields.js';

export interface ComposedAttachment { filename: string; contentType: string; data: Buffer }
export interface ComposedMessage {
  locale: TemplateLocale;
  subject: string;
  /** The template's paragraphs, rendered (what a preview shows first). */
  paragraphs: string[];
  text: string;
  html: string;
  attachments: ComposedAttachment[];
}

interface Table { title: string; columns: string[]; rows: string[][]; align: ('left' | 'right')[]; widths?: number[] }

/** The template's view of the data: every field of template-fields.ts, formatted. */
export function templateView(d: DocumentData, locale: TemplateLocale): Record<string, unknown> {
  const L = DOCUMENT_LABELS[locale];
  const money = (m: bigint) => displayMinor(m, d.org.currency);
  return {
    org_name: d.org.name, customer_name: d.customer.name, customer_code: d.customer.code,
    contact_name: d.recipients[0]?.name ?? L.dearFallback, date: d.today, currency: d.org.currency,
    owner_name: d.owner?.name ?? d.org.name, owner_email: d.owner?.email ?? '', remittance: d.org.remittance ?? L.noRemittance,
    total_open: money(d.totals.openMinor), total_overdue: money(d.totals.overdueMinor), invoice_count: d.invoices.length,
    total_due_soon: money(d.totals.dueSoonMinor), first_due_on: d.invoices[0]?.dueOn ?? d.today,
    max_days_overdue: d.totals.maxDaysOverdue, deadline: d.deadline, since: d.since,
    total_paid_since: money(d.payments.reduce((a, p) => a + p.amountMinor, 0n)),
    invoices: d.invoices.map((i) => ({
      number: i.number, issued_on: i.issuedOn, due_on: i.dueOn, days_overdue: Math.max(0, i.daysOverdue),
      amount: money(i.amountMinor), balance: money(i.balanceMinor),
    })),
    payments: d.payments.map((p) => ({ paid_on: p.paidOn, invoice_number: p.invoiceNumber, amount: money(p.amountMinor), reference: p.reference ?? '' })),
    aging: d.aging.map((a) => ({ bucket: L.bucket[a.bucket], amount: money(a.amountMinor), count: a.count })),
  };
}

function tables(d: DocumentData, L: DocumentLabels): Table[] {
  const money = (m: bigint) => displayMinor(m, d.org.currency);
  const out: Table[] = [{
    title: `${L.invoices} (${d.org.currency})`,
    columns: [L.col.number, L.col.issued, L.col.due, L.col.days, L.col.amount, L.col.balance],
    rows: [
      ...d.invoices.map((i) => [`${i.number}${i.disputed ? L.disputed : ''}`, i.issuedOn, i.dueOn, String(Math.max(0, i.daysOverdue)),
        money(i.amountMinor), money(i.balanceMinor)]),
      [L.total, '', '', '', '', money(d.invoices.reduce((a, i) => a + i.balanceMinor, 0n))],
    ],
    align: ['left', 'left', 'left', 'right', 'right', 'right'], widths: [3, 2, 2, 1.4, 2, 2],
  }];
  if (d.kind === 'statement') {
    out.push({
      title: `${L.payments} (${d.since} – ${d.today})`,
      columns: [L.col.paidOn, L.col.number, L.col.amount, L.col.reference],
      rows: d.payments.length ? d.payments.map((p) => [p.paidOn, p.invoiceNumber, money(p.amountMinor), p.reference ?? ''])
        : [[L.none, '', '', '']],
      align: ['left', 'left', 'right', 'left'],
    });
    out.push({
      title: L.aging, columns: [L.col.bucket, L.col.count, L.col.balance],
      rows: d.aging.map((a) => [L.bucket[a.bucket], String(a.count), money(a.amountMinor)]),
      align: ['left', 'right', 'right'],
    });
  }
  return out;
}

/** Renders the template with the data and builds the email and its PDF. */
export async function composeMessage(d: DocumentData, template: { subject: string; body: string }, locale: TemplateLocale): Promise<ComposedMessage> {
  const L = DOCUMENT_LABELS[locale];
  const view = templateView(d, locale);
  const subject = renderTemplateText(template.subject, view).replace(/\s+/g, ' ').trim();
  const paragraphs = renderTemplateText(template.body, view).split(/\n[ \t]*\n/).map((p) => p.trim()).filter((p) => p !== '');
  const tbls = tables(d, L);
  const remittance = d.org.remittance ?? L.noRemittance;
  const title = `${L.title[d.kind]} · ${d.customer.name}`;

  const blocks: PdfBlock[] = [
    { kind: 'fields', fields: [[L.to, d.customer.name], [L.customerCode, d.customer.code],
      ...(d.recipients[0] ? [[L.attn, d.recipients[0].name] as [string, string]] : [])] },
    ...paragraphs.map((text): PdfBlock => ({ kind: 'paragraph', text })),
    ...tbls.flatMap((t): PdfBlock[] => [{ kind: 'heading', text: t.title },
      { kind: 'table', columns: t.columns, rows: t.rows, align: t.align, ...(t.widths ? { widths: t.widths } : {}) }]),
    { kind: 'heading', text: L.remittance },
    { kind: 'paragraph', text: remittance },
  ];
  const pdf = await renderPdf({ title, date: d.today, issuer: d.org.name, lang: locale, blocks });
  const filename = `${L.fileStem[d.kind]}-${asciiName(d.customer.code)}-${d.today}.pdf`;

  const text = [
    ...paragraphs,
    ...tbls.map((t) => [t.title, t.columns.join(' | '), ...t.rows.map((r) => r.join(' | '))].join('\n')),
    `${L.remittance}\n${remittance}`,
  ].join('\n\n') + '\n';
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>`,
    '<body style="font-family: -apple-system, \'Segoe UI\', \'PingFang SC\', \'Microsoft YaHei\', sans-serif; font-size: 14px; color: #111;">',
    ...paragraphs.map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`),
    ...tbls.map(htmlTable),
    `<h3>${esc(L.remittance)}</h3><p>${esc(remittance).replace(/\n/g, '<br>')}</p>`,
    '</body></html>',
  ].join('\n');
  return { locale, subject, paragraphs, text, html, attachments: [{ filename, contentType: 'application/pdf', data: pdf }] };
}

function htmlTable(t: Table): string {
  const cell = (tag: 'td' | 'th', v: string, i: number) =>
    `<${tag} style="border-bottom: 1px solid #ccc; padding: 4px 8px; text-align: ${t.align[i] ?? 'left'};">${esc(v)}</${tag}>`;
  return [
    `<h3>${esc(t.title)}</h3>`,
    '<table style="border-collapse: collapse;">',
    `<tr>${t.columns.map((c, i) => cell('th', c, i)).join('')}</tr>`,
    ...t.rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`),
    '</table>',
  ].join('\n');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function asciiName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40) || 'customer';
}
