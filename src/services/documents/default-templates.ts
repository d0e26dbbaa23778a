// The templates that ship with duebot, per kind and language. An org replaces any of them with
// `duebot template set <kind> <locale> <file>`. Same format as an org's: the first line is the
// subject, then a blank line, then paragraphs separated by blank lines (template-check.ts).
// duebot adds the invoice tables, the aging and the remittance details after the text.
import type { TemplateKind, TemplateLocale } from './template-fields.js';

export const DEFAULT_TEMPLATES: Record<TemplateKind, Record<TemplateLocale, string>> = {
  courtesy: {
    'zh-CN': `【温馨提示】{{customer_name}} 有 {{invoice_count}} 张发票即将到期

尊敬的{{contact_name}}：

感谢贵司一直以来的合作。温馨提示：贵司有以下发票将于 {{first_due_on}} 起陆续到期，合计 {{currency}} {{total_due_soon}}。

如已安排付款，请忽略本提醒。付款时请注明发票号，收款账户见下方。

如有任何疑问，请联系 {{owner_name}}（{{owner_email}}）。

{{org_name}}`,
    'en-US': `Friendly reminder: {{invoice_count}} invoice(s) for {{customer_name}} fall due soon

Dear {{contact_name}},

Thank you for your business. This is a friendly reminder that the invoices below fall due from {{first_due_on}}, {{currency}} {{total_due_soon}} in total.

If payment is already on its way, please disregard this note. Please quote the invoice numbers with your payment; our bank details are below.

For any question, please contact {{owner_name}} ({{owner_email}}).

{{org_name}}`,
  },
  reminder: {
    'zh-CN': `付款提醒：{{customer_name}} 尚有 {{currency}} {{total_overdue}} 逾期未付

尊敬的{{contact_name}}：

截至 {{date}}，贵司以下发票已逾期，逾期金额合计 {{currency}} {{total_overdue}}，最长逾期 {{max_days_overdue}} 天。

请尽快安排付款，并在付款时注明发票号。如贵司对账目有疑问或已付款，请回复本邮件告知，我们将及时核对。

联系人：{{owner_name}}（{{owner_email}}）

{{org_name}}`,
    'en-US': `Payment reminder: {{currency}} {{total_overdue}} overdue for {{customer_name}}

Dear {{contact_name}},

As of {{date}}, the invoices below are overdue: {{currency}} {{total_overdue}} in total, the oldest by {{max_days_overdue}} days.

Please arrange payment at your earliest convenience and quote the invoice numbers. If you have already paid, or if anything in this account looks wrong to you, please reply to this email so we can check it.

Your contact: {{owner_name}} ({{owner_email}})

{{org_name}}`,
  },
  final_notice: {
    'zh-CN': `最后催告函：请于 {{deadline}} 前支付 {{currency}} {{total_overdue}}

尊敬的{{contact_name}}：

我司此前已多次提醒，截至 {{date}}，贵司仍有以下发票逾期未付，逾期金额合计 {{currency}} {{total_overdue}}，最长逾期 {{max_days_overdue}} 天。

请贵司于 {{deadline}} 前付清上述款项。逾期未付的，我司将依法采取进一步措施，包括但不限于委托律师或提起诉讼，由此产生的费用由贵司承担。

如已付款或对账目有异议，请于上述日期前书面回复。联系人：{{owner_name}}（{{owner_email}}）

{{org_name}}`,
    'en-US': `Final notice: please pay {{currency}} {{total_overdue}} by {{deadline}}

Dear {{contact_name}},

Despite our earlier reminders, as of {{date}} the invoices below remain unpaid: {{currency}} {{total_overdue}} overdue in total, the oldest by {{max_days_overdue}} days.

Please pay the full amount by {{deadline}}. Failing payment by that date we will take further steps without further notice, including instructing lawyers or starting proceedings, at your cost.

If you have paid or dispute any item, please tell us in writing before that date. Your contact: {{owner_name}} ({{owner_email}})

{{org_name}}`,
  },
  statement: {
    'zh-CN': `对账单：{{customer_name}}（截至 {{date}}）

尊敬的{{contact_name}}：

附件为贵司截至 {{date}} 的对账单：未结发票 {{invoice_count}} 张，未结余额 {{currency}} {{total_open}}，其中逾期 {{currency}} {{total_overdue}}。自 {{since}} 起收到贵司付款 {{currency}} {{total_paid_since}}，谢谢。

请核对。如有差异，请于收到后 7 日内回复本邮件；逾期未回复视为确认。

联系人：{{owner_name}}（{{owner_email}}）

{{org_name}}`,
    'en-US': `Statement of account: {{customer_name}} as of {{date}}

Dear {{contact_name}},

Attached is your statement of account as of {{date}}: {{invoice_count}} open invoice(s), {{currency}} {{total_open}} open, of which {{currency}} {{total_overdue}} overdue. Since {{since}} we have received {{currency}} {{total_paid_since}} from you, thank you.

Please check it and tell us of any difference within 7 days by replying to this email.

Your contact: {{owner_name}} ({{owner_email}})

{{org_name}}`,
  },
};
