// What the demo's collection records say, in the author's language (003: 记录每次催收的时间、方式、
// 沟通内容及客户反馈). Keyed by method and outcome; the keys also say which outcomes fit a method.
import type { Method, Outcome } from '../../store/schema.js';
import type { Random } from './random.js';
import type { Locale } from '../../domain/locale.js';

type Key = `${Method}:${Outcome | '-'}`;
interface Text { zh: string[]; en: string[] }

const TEXTS: Partial<Record<Key, Text>> = {
  'call:reached': {
    zh: ['电话联系{contact},对方确认欠款金额,表示正在走付款审批流程。', '与{contact}通话,对方称本月资金紧张,会优先安排我司货款。', '致电{contact}核对对账单,金额无异议。'],
    en: ['Called {contact}; they confirmed the balance and said payment is in approval.', 'Spoke with {contact}: cash is tight this month, our invoices are next in line.', 'Called {contact} to go through the statement; no disagreement on the amounts.'],
  },
  'call:no_answer': {
    zh: ['致电{contact},无人接听,已留言。', '电话未接通,稍后再联系。', '连续两次致电{contact}均无人接听。'],
    en: ['Called {contact}, no answer; left a voicemail.', 'Could not get through; will try again.', 'Two calls to {contact}, no answer either time.'],
  },
  'call:promised': {
    zh: ['电话沟通,{contact}承诺于{date}前支付{amount}元。', '{contact}来电,承诺{date}前先付{amount}元,余款下月结清。'],
    en: ['On the phone {contact} promised CNY {amount} by {date}.', '{contact} called back: CNY {amount} by {date}, the rest next month.'],
  },
  'call:refused': {
    zh: ['电话沟通,对方以资金紧张为由拒绝近期付款。', '{contact}表示甲方工程款未到位,目前无法付款。'],
    en: ['On the phone they refused to pay for now, citing cash flow.', '{contact} says they cannot pay until their own client pays them.'],
  },
  'call:disputed': {
    zh: ['电话沟通,对方对部分货物质量提出异议,要求先处理质量问题。'],
    en: ['On the phone they raised a quality complaint and want it settled before paying.'],
  },
  'visit:reached': {
    zh: ['上门拜访{contact},当面核对对账单,对方签字确认。', '上门拜访,与{contact}沟通付款计划。'],
    en: ['Visited {contact}; went through the statement together and they signed it.', 'Visited {contact} to discuss a payment plan.'],
  },
  'visit:promised': {
    zh: ['上门拜访,{contact}承诺{date}前付款{amount}元。'],
    en: ['Visited {contact}; they promised CNY {amount} by {date}.'],
  },
  'visit:refused': {
    zh: ['上门拜访,对方表示项目回款未到,暂无法付款。'],
    en: ['Visited them; they say their project has not been paid, so they cannot pay us yet.'],
  },
  'email:-': {
    zh: ['发送对账单及逾期付款提醒邮件。', '邮件发送逾期账款明细,请对方确认付款时间。'],
    en: ['Emailed the statement and an overdue reminder.', 'Emailed the list of overdue invoices and asked for a payment date.'],
  },
  'email:reached': {
    zh: ['对方财务回复邮件,确认已收到对账单。', '{contact}邮件回复,称付款申请已提交。'],
    en: ['Their finance team replied confirming receipt of the statement.', '{contact} replied that the payment request has been submitted.'],
  },
  'email:promised': {
    zh: ['对方邮件回复,承诺{date}前安排付款{amount}元。'],
    en: ['Email reply: they will pay CNY {amount} by {date}.'],
  },
  'email:disputed': {
    zh: ['客户邮件回复,对发票金额提出异议,要求提供签收单。'],
    en: ['They replied disputing the invoice amount and asked for the signed delivery note.'],
  },
  'letter:-': {
    zh: ['寄送催款函(EMS),要求十日内结清逾期款项。', '寄送对账确认函及催款通知书。'],
    en: ['Sent a dunning letter by EMS asking for payment within ten days.', 'Sent a balance confirmation and a payment demand.'],
  },
  'letter:reached': {
    zh: ['催款函已签收,对方来电确认收到。'],
    en: ['The dunning letter was signed for; they called to acknowledge it.'],
  },
  'sms:-': {
    zh: ['发送短信提醒:贵司尚有逾期货款,请尽快安排支付。'],
    en: ['SMS reminder sent: overdue balance, please arrange payment.'],
  },
  'sms:promised': {
    zh: ['对方短信回复,承诺{date}前付款{amount}元。'],
    en: ['SMS reply: they will pay CNY {amount} by {date}.'],
  },
  'lawyer_letter:-': {
    zh: ['委托律师事务所发出律师函,限期七日内付款。'],
    en: ['Our law firm sent a lawyer\'s letter demanding payment within seven days.'],
  },
  'lawyer_letter:reached': {
    zh: ['律师函已送达,对方法务来电沟通还款方案。'],
    en: ['The lawyer\'s letter was delivered; their legal counsel called to discuss a repayment plan.'],
  },
  'lawyer_letter:refused': {
    zh: ['律师函送达后,对方仍拒绝付款。'],
    en: ['After the lawyer\'s letter they still refuse to pay.'],
  },
  'note:-': {
    zh: ['内部备注:客户近期更换财务负责人,需重新建立联系。', '内部备注:客户订单量下降,建议暂停发货。'],
    en: ['Internal note: they have a new head of finance; we need a new contact.', 'Internal note: their orders are falling; suggest holding shipments.'],
  },
};

const CONTACTS = {
  zh: ['财务部王经理', '采购部李总', '财务总监张女士', '出纳刘小姐', '总经理陈总'],
  en: ['their AP manager', 'Mr. Li in purchasing', 'their CFO', 'the cashier', 'the general manager'],
};

export function outcomesFor(method: Method): (Outcome | null)[] {
  return (Object.keys(TEXTS) as Key[]).filter((k) => k.startsWith(`${method}:`))
    .map((k) => k.slice(method.length + 1)).map((o) => (o === '-' ? null : (o as Outcome)));
}

export function recordBody(rng: Random, locale: Locale, method: Method, outcome: Outcome | null,
  fill: { amount?: string; date?: string } = {}): string {
  const text = TEXTS[`${method}:${outcome ?? '-'}`];
  if (!text) throw new RangeError(`no demo text for ${method}:${outcome ?? '-'}`);
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  return rng.pick(text[lang])
    .replaceAll('{contact}', rng.pick(CONTACTS[lang]))
    .replaceAll('{amount}', fill.amount ?? '')
    .replaceAll('{date}', fill.date ?? '');
}
