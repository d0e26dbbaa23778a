// Hand-written customers that the demo script leans on, whatever the seed: each shows one thing
// (an escalation ready to go, an unclaimed red, a promise due today, a dispute, a kept promise,
// a write-off). Day numbers are offsets from as-of: -130 is 130 days ago.
import type { Grade } from '../../domain/credit.js';
import type { Method, Outcome } from '../../store/schema.js';
import type { DemoClock } from './demo-clock.js';
import { customerCode, type DemoCustomer, type Industry, type ProductLine, type Profile } from './demo-customers.js';
import { demoUser, type Region } from './demo-people.js';
import type { CaseStory, PlanEscalation, PlanInvoice, PlanPromise, PlanRecord } from './demo-plan.js';

interface ScriptedInvoice {
  due: number;
  yuan: number;
  /** [day, yuan] instalments. */
  paid?: readonly (readonly [number, number])[];
  disputed?: string;
  writtenOff?: number;
}

interface ScriptedRecord { day: number; time: [number, number]; by: string; method: Method; outcome: Outcome | null; body: string; next?: number }
interface ScriptedPromise { record: number; yuan: number; on: number; status: 'pending' | 'kept' | 'broken'; resolved?: [number, number, number] }

interface Scenario {
  name: string;
  grade: Grade;
  limitYuan: number;
  terms: number;
  industry: Industry;
  region: Region;
  productLine: ProductLine;
  owner: string;
  profile: Profile;
  invoices: readonly ScriptedInvoice[];
  claimed?: { day: number; time: [number, number] };
  records?: readonly ScriptedRecord[];
  promises?: readonly ScriptedPromise[];
  next?: number;
  writeoff?: { requestedBy: string; requestedDay: number; reason: string; decidedBy: string; decidedDay: number; note: string };
}

export const SCENARIOS: readonly Scenario[] = [
  {
    // C0001: red, claimed, a broken promise, four written records and the customer's answers:
    // meets 001's evidence rule (≥3 written records + customer response, > 90 days), ready for /ar escalate.
    name: '华东机电有限公司', grade: 'B', limitYuan: 1_500_000, terms: 60, industry: 'manufacturing', region: 'east',
    productLine: 'motors', owner: 'liu.yang', profile: 'late',
    invoices: [
      { due: -330, yuan: 168_500, paid: [[-325, 168_500]] },
      { due: -260, yuan: 224_000, paid: [[-230, 224_000]] },
      { due: -190, yuan: 95_300, paid: [[-150, 50_000], [-120, 45_300]] },
      { due: -130, yuan: 386_400, paid: [[-108, 100_000]] },
      { due: -70, yuan: 212_800 },
      { due: 15, yuan: 98_600 },
    ],
    claimed: { day: -126, time: [9, 12] },
    records: [
      { day: -126, time: [10, 5], by: 'liu.yang', method: 'call', outcome: 'no_answer', body: '致电财务部王经理,无人接听,已留言。' },
      { day: -120, time: [14, 30], by: 'liu.yang', method: 'email', outcome: 'reached', body: '发送对账单及付款提醒邮件,对方财务回复已收到,称资金紧张。' },
      { day: -112, time: [11, 0], by: 'liu.yang', method: 'call', outcome: 'promised', body: '电话沟通,财务总监张女士承诺12天内支付150,000.00元。' },
      { day: -95, time: [9, 40], by: 'liu.yang', method: 'letter', outcome: null, body: '承诺未兑现(仅付100,000.00元)。寄送催款函(EMS),要求十日内结清逾期款项。' },
      { day: -80, time: [16, 20], by: 'liu.yang', method: 'sms', outcome: null, body: '发送短信提醒:贵司尚有逾期货款,请尽快安排支付。' },
      { day: -60, time: [15, 0], by: 'liu.yang', method: 'visit', outcome: 'refused', body: '上门拜访,对方以项目回款未到为由拒绝付款。' },
      { day: -30, time: [10, 30], by: 'guo.qiang', method: 'lawyer_letter', outcome: 'reached', body: '委托律师事务所发出律师函,对方法务确认收到,但未提出还款方案。', next: 2 },
    ],
    promises: [{ record: 2, yuan: 150_000, on: -100, status: 'broken', resolved: [-99, 0, 5] }],
    next: 2,
  },
  {
    // C0002: red and nobody has claimed it (48 h rule, 001): the managers' exception list.
    name: 'Pearl River Logistics Ltd.', grade: 'C', limitYuan: 600_000, terms: 30, industry: 'logistics', region: 'south',
    productLine: 'cables', owner: 'kevin.wu', profile: 'bad',
    invoices: [
      { due: -200, yuan: 132_000, paid: [[-185, 132_000]] },
      { due: -104, yuan: 156_250 },
      { due: -40, yuan: 88_000 },
      { due: 10, yuan: 45_600 },
    ],
  },
  {
    // C0003: orange, construction (high-risk), a promise due today.
    name: '京津建工集团有限公司', grade: 'C', limitYuan: 800_000, terms: 45, industry: 'construction', region: 'north',
    productLine: 'cables', owner: 'sun.hao', profile: 'slow',
    invoices: [
      { due: -250, yuan: 310_000, paid: [[-240, 310_000]] },
      { due: -72, yuan: 245_000 },
      { due: -20, yuan: 67_800 },
    ],
    claimed: { day: -70, time: [9, 30] },
    records: [
      { day: -68, time: [10, 15], by: 'sun.hao', method: 'call', outcome: 'reached', body: '与采购部李总通话,确认欠款,称甲方工程款未到位。' },
      { day: -40, time: [14, 0], by: 'sun.hao', method: 'email', outcome: null, body: '发送对账单及逾期付款提醒邮件。' },
      { day: -6, time: [11, 20], by: 'sun.hao', method: 'call', outcome: 'promised', body: '电话沟通,财务总监承诺6天内支付120,000.00元。' },
    ],
    promises: [{ record: 2, yuan: 120_000, on: 0, status: 'pending' }],
    next: 0,
  },
  {
    // C0004: foreign trade (high-risk), yellow, with a disputed invoice that raises no alert.
    name: '深圳宏远进出口有限公司', grade: 'B', limitYuan: 1_200_000, terms: 45, industry: 'foreign_trade', region: 'south',
    productLine: 'controls', owner: 'huang.min', profile: 'slow',
    invoices: [
      { due: -180, yuan: 88_000, paid: [[-170, 88_000]] },
      { due: -100, yuan: 43_200, disputed: '客户称第二批控制柜型号与订单不符,已提交质检报告,待技术部确认。' },
      { due: -48, yuan: 76_500 },
      { due: 30, yuan: 54_000 },
    ],
    claimed: { day: -45, time: [9, 5] },
    records: [
      { day: -44, time: [10, 40], by: 'huang.min', method: 'call', outcome: 'reached', body: '致电出纳刘小姐核对对账单,除第二批控制柜外金额无异议。' },
      { day: -20, time: [15, 10], by: 'huang.min', method: 'email', outcome: 'disputed', body: '客户邮件回复,对第二批控制柜的型号提出异议,附质检报告。' },
    ],
    next: 3,
  },
  {
    // C0005: a kept promise (paid on the day), still yellow for the rest.
    name: 'Sichuan Greenfield Energy Co., Ltd.', grade: 'A', limitYuan: 5_000_000, terms: 60, industry: 'energy', region: 'southwest',
    productLine: 'motors', owner: 'he.jun', profile: 'prompt',
    invoices: [
      { due: -300, yuan: 420_000, paid: [[-295, 420_000]] },
      { due: -45, yuan: 300_000, paid: [[-10, 150_000]] },
      { due: -8, yuan: 64_000 },
      { due: 40, yuan: 380_000 },
    ],
    claimed: { day: -40, time: [9, 20] },
    records: [
      { day: -38, time: [10, 0], by: 'he.jun', method: 'call', outcome: 'reached', body: '与财务总监通话,对方称项目验收后付款。' },
      { day: -20, time: [14, 30], by: 'he.jun', method: 'visit', outcome: 'promised', body: '上门拜访,对方承诺10天内先付150,000.00元。' },
      { day: -5, time: [11, 0], by: 'he.jun', method: 'email', outcome: 'reached', body: '已收到150,000.00元。发送剩余款项对账单,对方确认月底前结清。' },
    ],
    promises: [{ record: 1, yuan: 150_000, on: -10, status: 'kept', resolved: [-10, 16, 0] }],
    next: 5,
  },
  {
    // C0006: grade D, over its (zero) limit, > 180 days, an invoice written off with a manager's
    // approval; only two written records, so an escalation request shows what is missing.
    name: '华北重工机械有限公司', grade: 'D', limitYuan: 0, terms: 30, industry: 'manufacturing', region: 'north',
    productLine: 'pumps', owner: 'ma.li', profile: 'bad',
    invoices: [
      { due: -405, yuan: 58_900, paid: [[-380, 8_000]], writtenOff: -30 },
      { due: -200, yuan: 64_300 },
      { due: -95, yuan: 38_700 },
    ],
    claimed: { day: -190, time: [9, 45] },
    records: [
      { day: -188, time: [10, 20], by: 'ma.li', method: 'call', outcome: 'no_answer', body: '连续两次致电财务部均无人接听。' },
      { day: -180, time: [16, 0], by: 'ma.li', method: 'sms', outcome: null, body: '发送短信提醒:贵司尚有逾期货款,请尽快安排支付。' },
      { day: -120, time: [11, 30], by: 'ma.li', method: 'call', outcome: 'refused', body: '总经理陈总表示工厂已基本停产,暂无力付款。' },
      { day: -100, time: [10, 0], by: 'guo.qiang', method: 'lawyer_letter', outcome: null, body: '委托律师事务所发出律师函,限期七日内付款。' },
      { day: -40, time: [17, 10], by: 'wang.fang', method: 'note', outcome: null, body: '内部备注:客户已停产,最早一张发票账龄超过一年,提议核销。' },
    ],
    next: -3,
    writeoff: {
      requestedBy: 'wang.fang', requestedDay: -35, reason: '客户停产,账龄超过一年,多次催收无果。',
      decidedBy: 'chen.jing', decidedDay: -30, note: '同意核销,保留追索权。',
    },
  },
];

const minor = (yuan: number) => BigInt(yuan) * 100n;

export function scenarioCustomers(clock: DemoClock, total: number): DemoCustomer[] {
  return SCENARIOS.map((s, index) => ({
    index, code: customerCode(index, total), name: s.name, grade: s.grade, creditLimitMinor: minor(s.limitYuan),
    termsDays: s.terms, industry: s.industry, region: s.region, productLine: s.productLine,
    ownerEmail: demoUser(s.owner).email, gradeRefreshedOn: clock.day(-10 - index), profile: s.profile, troubleSince: 0, weight: 0,
  }));
}

export function scenarioInvoices(clock: DemoClock): PlanInvoice[] {
  let ref = 0;
  return SCENARIOS.flatMap((s, customerIndex) => s.invoices.map((inv) => {
    const amountMinor = minor(inv.yuan);
    const payments = (inv.paid ?? []).map(([day, yuan]) => ({
      amountMinor: minor(yuan), paidOn: clock.day(day), reference: `BK${clock.day(day).replaceAll('-', '')}S${String(++ref).padStart(4, '0')}`,
    }));
    const paidMinor = payments.reduce((sum, p) => sum + p.amountMinor, 0n);
    return {
      number: '', customerIndex, productLine: s.productLine, region: s.region, currency: 'CNY', amountMinor,
      issuedOn: clock.day(inv.due - s.terms), dueOn: clock.day(inv.due),
      status: inv.writtenOff !== undefined ? 'written_off' : inv.disputed ? 'disputed' : paidMinor === amountMinor ? 'paid' : 'open',
      paidMinor, disputedReason: inv.disputed ?? null,
      writtenOffOn: inv.writtenOff === undefined ? null : clock.day(inv.writtenOff), payments,
    } satisfies PlanInvoice;
  }));
}

export function scenarioStory(customerIndex: number, clock: DemoClock, invoices: readonly PlanInvoice[]): CaseStory {
  const s = SCENARIOS[customerIndex]!;
  const records: PlanRecord[] = (s.records ?? []).map((r) => ({
    authorEmail: demoUser(r.by).email, method: r.method, outcome: r.outcome, body: r.body,
    nextActionOn: r.next === undefined ? null : clock.day(r.next), recordedAt: clock.at(r.day, ...r.time),
  }));
  const promises: PlanPromise[] = (s.promises ?? []).map((p) => ({
    record: p.record, madeByEmail: records[p.record]!.authorEmail, amountMinor: minor(p.yuan), promisedOn: clock.day(p.on),
    note: null, status: p.status, resolvedAt: p.resolved ? clock.at(...p.resolved) : null, createdAt: records[p.record]!.recordedAt,
  }));
  const escalations: PlanEscalation[] = [];
  if (s.writeoff) {
    const w = s.writeoff;
    const invoice = invoices.find((i) => i.customerIndex === customerIndex && i.status === 'written_off')!;
    escalations.push({
      kind: 'writeoff', invoiceNumber: invoice.number, requestedByEmail: demoUser(w.requestedBy).email, reason: w.reason,
      balanceMinor: invoice.amountMinor - invoice.paidMinor, status: 'approved', decidedByEmail: demoUser(w.decidedBy).email,
      decisionNote: w.note, decidedAt: clock.at(w.decidedDay, 14, 0), createdAt: clock.at(w.requestedDay, 10, 0),
    });
  }
  return {
    ownerEmail: s.claimed ? demoUser(s.owner).email : null,
    claimedAt: s.claimed ? clock.at(s.claimed.day, ...s.claimed.time) : null,
    nextActionOn: s.next === undefined ? null : clock.day(s.next),
    records, promises, escalations,
  };
}
