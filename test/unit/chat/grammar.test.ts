import { describe, expect, it } from 'vitest';
import { COMMANDS, parseCommand, USAGE, type ChatCommand, type UsageError } from '../../../src/chat/grammar.js';

function ok(text: string): ChatCommand {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`expected "${text}" to parse, got ${JSON.stringify(r.error)}`);
  return r.command;
}

function err(text: string): UsageError {
  const r = parseCommand(text);
  if (r.ok) throw new Error(`expected "${text}" to fail, got ${JSON.stringify(r.command)}`);
  return r.error;
}

describe('prefixes, whitespace and case', () => {
  it.each([
    '/ar digest', 'digest', '  /ar   digest  ', '@_user_1 digest', '@_user_1 /ar digest', '/AR DIGEST', 'Digest',
    '\u3000/ar\u3000digest\u3000', '／ar digest', '\u00a0digest',
  ])('reads %j as digest', (text) => {
    expect(ok(text)).toEqual({ kind: 'digest' });
  });

  it('treats an empty command as help', () => {
    expect(ok('')).toEqual({ kind: 'help' });
    expect(ok('/ar')).toEqual({ kind: 'help' });
    expect(ok('@_user_1')).toEqual({ kind: 'help' });
  });

  it('does not take /archive for the /ar prefix', () => {
    expect(err('/archive digest')).toMatchObject({ code: 'unknown_command', got: '/archive' });
  });

  it('refuses an unknown command with the help usage', () => {
    expect(err('/ar pay ACME')).toEqual({ code: 'unknown_command', got: 'pay', usage: USAGE.help });
  });

  it('refuses a quoted command word', () => {
    expect(err('"digest"')).toMatchObject({ code: 'unknown_command' });
  });
});

describe('help, digest, mine', () => {
  it('parses help with and without a topic', () => {
    expect(ok('help')).toEqual({ kind: 'help' });
    expect(ok('help LOG')).toEqual({ kind: 'help', topic: 'log' });
    expect(ok('/ar help write-off')).toEqual({ kind: 'help', topic: 'writeoff' });
  });
  it('refuses help for an unknown command', () => {
    expect(err('help pay')).toEqual({ code: 'unknown_command', command: 'help', argument: 'command', got: 'pay', usage: '/ar help [command]' });
  });
  it('refuses extra words after digest and mine', () => {
    expect(err('digest now')).toEqual({ code: 'too_many', command: 'digest', got: 'now', usage: '/ar digest' });
    expect(err('mine all of them')).toMatchObject({ code: 'too_many', got: 'all of them', usage: '/ar mine' });
    expect(err('help log extra')).toMatchObject({ code: 'too_many', command: 'help' });
  });
  it('parses mine', () => {
    expect(ok('/ar mine')).toEqual({ kind: 'mine' });
  });
});

describe('case, claim, release: the whole rest is the customer', () => {
  it.each(['case', 'claim', 'release'] as const)('%s takes a code, a name with spaces, or a quoted name', (kind) => {
    expect(ok(`${kind} PRL`)).toEqual({ kind, customer: 'PRL' });
    expect(ok(`${kind} Pearl River Logistics`)).toEqual({ kind, customer: 'Pearl River Logistics' });
    expect(ok(`${kind} "Pearl River Logistics"`)).toEqual({ kind, customer: 'Pearl River Logistics' });
    expect(ok(`${kind} “珠江 物流”`)).toEqual({ kind, customer: '珠江 物流' });
    expect(ok(`${kind} 「珠江物流」`)).toEqual({ kind, customer: '珠江物流' });
    expect(ok(`${kind} 华东机电`)).toEqual({ kind, customer: '华东机电' });
  });
  it('folds doubled spaces in an unquoted name, not in a quoted one', () => {
    expect(ok('case Pearl   River\u3000Logistics')).toEqual({ kind: 'case', customer: 'Pearl River Logistics' });
    expect(ok('case "Pearl  River"')).toEqual({ kind: 'case', customer: 'Pearl  River' });
  });
  it('keeps an unbalanced quote as part of the name', () => {
    expect(ok('claim "Pearl')).toEqual({ kind: 'claim', customer: '"Pearl' });
  });
  it('asks for the customer when it is missing', () => {
    expect(err('case')).toEqual({ code: 'missing_argument', command: 'case', argument: 'customer', usage: '/ar case <customer>' });
    expect(err('claim ""')).toMatchObject({ code: 'missing_argument', argument: 'customer', usage: '/ar claim <customer>' });
    expect(err('release   ')).toMatchObject({ code: 'missing_argument', usage: '/ar release <customer>' });
  });
});

describe('assign', () => {
  it('takes Slack mentions, Lark placeholders and emails', () => {
    expect(ok('assign PRL <@U123ABC>')).toEqual({ kind: 'assign', customer: 'PRL', user: { kind: 'slack', id: 'U123ABC' } });
    expect(ok('assign PRL <@U123ABC|li.wei>')).toEqual({ kind: 'assign', customer: 'PRL', user: { kind: 'slack', id: 'U123ABC', name: 'li.wei' } });
    expect(ok('assign PRL <@U1|Li Wei>')).toEqual({ kind: 'assign', customer: 'PRL', user: { kind: 'slack', id: 'U1', name: 'Li Wei' } });
    expect(ok('@_user_1 assign PRL @_user_2')).toEqual({ kind: 'assign', customer: 'PRL', user: { kind: 'lark', key: '@_user_2' } });
    expect(ok('assign "Pearl River" li.wei@example.com')).toEqual({ kind: 'assign', customer: 'Pearl River', user: { kind: 'email', email: 'li.wei@example.com' } });
    expect(ok('assign PRL <mailto:li@example.com|li@example.com>')).toEqual({ kind: 'assign', customer: 'PRL', user: { kind: 'email', email: 'li@example.com' } });
  });
  it('refuses a person it cannot read', () => {
    expect(err('assign PRL @Li')).toMatchObject({ code: 'bad_value', argument: 'user', got: '@Li', usage: '/ar assign <customer> <@user>' });
    expect(err('assign PRL')).toMatchObject({ code: 'missing_argument', argument: 'user' });
    expect(err('assign')).toMatchObject({ code: 'missing_argument', argument: 'customer' });
    expect(err('assign PRL <@U1> now')).toMatchObject({ code: 'too_many', got: 'now' });
  });
  it('hints at quotes when a customer name with spaces was not quoted', () => {
    expect(err('assign Pearl River <@U1>')).toMatchObject({ code: 'bad_value', argument: 'user', got: 'River', hint: 'quote_customer' });
  });
});

describe('log', () => {
  it('opens a form without arguments', () => {
    expect(ok('/ar log')).toEqual({ kind: 'log', form: true });
  });
  it('parses method, optional outcome and the text as typed', () => {
    expect(ok('log PRL call reached Spoke to  Mr "Chen", pays Friday')).toEqual({
      kind: 'log', form: false, customer: 'PRL', method: 'call', outcome: 'reached', text: 'Spoke to  Mr "Chen", pays Friday',
    });
    expect(ok('log PRL EMAIL sent the statement')).toEqual({ kind: 'log', form: false, customer: 'PRL', method: 'email', outcome: null, text: 'sent the statement' });
    expect(ok('log "Pearl River" lawyer_letter refused 律师函已送达')).toMatchObject({ customer: 'Pearl River', method: 'lawyer_letter', outcome: 'refused', text: '律师函已送达' });
    expect(ok('log PRL lawyer-letter sent')).toMatchObject({ method: 'lawyer_letter', outcome: null, text: 'sent' });
    expect(ok('log PRL call no_answer tried twice')).toMatchObject({ outcome: 'no_answer', text: 'tried twice' });
  });
  it('keeps an unbalanced quote in the text', () => {
    expect(ok('log PRL note he said "maybe')).toMatchObject({ text: 'he said "maybe' });
  });
  it('refuses a wrong method, and a missing text', () => {
    expect(err('log PRL fax sent')).toEqual({ code: 'bad_value', command: 'log', argument: 'method', got: 'fax', usage: USAGE.log });
    expect(err('log PRL call')).toMatchObject({ code: 'missing_argument', argument: 'text' });
    expect(err('log PRL call reached')).toMatchObject({ code: 'missing_argument', argument: 'text' });
    expect(err('log PRL')).toMatchObject({ code: 'missing_argument', argument: 'method' });
  });
  it('hints at quotes for an unquoted name with spaces', () => {
    expect(err('log Pearl River call ok')).toMatchObject({ code: 'bad_value', argument: 'method', got: 'River', hint: 'quote_customer' });
    expect(err('log "Pearl" River call ok')).not.toHaveProperty('hint');
  });
  it('shows every method and outcome in the usage', () => {
    expect(USAGE.log).toBe('/ar log <customer> <call|visit|email|letter|sms|lawyer_letter|note> [<reached|no_answer|promised|disputed|refused>] <text>');
  });
});

describe('promise', () => {
  it('opens a form without arguments', () => {
    expect(ok('promise')).toEqual({ kind: 'promise', form: true });
  });
  it('keeps the amount as a decimal string and the note as typed', () => {
    expect(ok('promise PRL 12000.50 2026-12-15 half now, rest in January')).toEqual({
      kind: 'promise', form: false, customer: 'PRL', amount: '12000.50', date: '2026-12-15', note: 'half now, rest in January',
    });
    expect(ok('promise PRL 12,000.50 2026-12-15')).toMatchObject({ amount: '12000.50', note: null });
    expect(ok('promise PRL 1,234,567 2026-12-15')).toMatchObject({ amount: '1234567' });
    expect(ok('promise 「珠江物流」 0.01 2028-02-29')).toMatchObject({ customer: '珠江物流', amount: '0.01', date: '2028-02-29' });
  });
  it.each([
    ['0', 'amount'], ['0.00', 'amount'], ['-5', 'amount'], ['12.', 'amount'], ['1,2345', 'amount'], ['¥100', 'amount'], ['1e5', 'amount'], ['12,00.5', 'amount'],
  ])('refuses the amount %j', (amount, argument) => {
    expect(err(`promise PRL ${amount} 2026-12-15`)).toMatchObject({ code: 'bad_value', argument, got: amount, usage: '/ar promise <customer> <amount> <YYYY-MM-DD> [note]' });
  });
  it.each(['2026-02-30', '2026-13-01', '26-12-15', '2026/12/15', '15.12.2026', 'tomorrow'])('refuses the date %j', (date) => {
    expect(err(`promise PRL 100 ${date}`)).toMatchObject({ code: 'bad_value', argument: 'date', got: date });
  });
  it('asks for what is missing', () => {
    expect(err('promise PRL')).toMatchObject({ code: 'missing_argument', argument: 'amount' });
    expect(err('promise PRL 100')).toMatchObject({ code: 'missing_argument', argument: 'date' });
  });
  it('hints at quotes for "promise Pearl River 100 …"', () => {
    expect(err('promise Pearl River 100 2026-12-15')).toMatchObject({ argument: 'amount', hint: 'quote_customer' });
    expect(err('promise PRL 0 2026-12-15')).not.toHaveProperty('hint');
    expect(err('snooze PRL 400 waiting 7 days')).not.toHaveProperty('hint');
    expect(err('snooze Pearl River 7 waiting')).toMatchObject({ argument: 'days', got: 'River', hint: 'quote_customer' });
  });
});

describe('plan', () => {
  const USAGE_PLAN = '/ar plan <customer> <n>x<amount> from <YYYY-MM-DD> every <week|month> [note]';
  it('opens a form without arguments', () => {
    expect(ok('plan')).toEqual({ kind: 'plan', form: true });
  });
  it('reads n instalments of an amount from a date every week or month, and the note', () => {
    expect(ok('plan PRL 3x5000 from 2026-12-01 every month agreed with their CFO')).toEqual({
      kind: 'plan', form: false, customer: 'PRL', instalments: 3, amount: '5000', date: '2026-12-01', every: 'month', note: 'agreed with their CFO',
    });
    expect(ok('plan PRL 6×1,200.50 from 2026-12-01 every week')).toMatchObject({ instalments: 6, amount: '1200.50', every: 'week', note: null });
    expect(ok('/ar plan 「珠江物流」 12X100 2027-01-31 monthly')).toMatchObject({ customer: '珠江物流', instalments: 12, date: '2027-01-31', every: 'month' });
    expect(ok('plan PRL 2x1 从 2026-12-01 每 周')).toMatchObject({ instalments: 2, amount: '1', every: 'week' });
  });
  it.each(['1x5000', '61x5000', '3x0', '3x-5', 'x5000', '3x', '3*¥5', 'three'])('refuses the instalments %j', (n) => {
    expect(err(`plan PRL ${n} from 2026-12-01 every month`)).toMatchObject({ code: 'bad_value', argument: 'instalments', got: n, usage: USAGE_PLAN });
  });
  it('refuses a bad date or period, and asks for what is missing', () => {
    expect(err('plan PRL 3x5000 from 2026-02-30 every month')).toMatchObject({ code: 'bad_value', argument: 'date', got: '2026-02-30' });
    expect(err('plan PRL 3x5000 from 2026-12-01 every day')).toMatchObject({ code: 'bad_value', argument: 'every', got: 'day' });
    expect(err('plan PRL')).toMatchObject({ code: 'missing_argument', argument: 'instalments' });
    expect(err('plan PRL 3x5000 from')).toMatchObject({ code: 'missing_argument', argument: 'date' });
    expect(err('plan PRL 3x5000 from 2026-12-01')).toMatchObject({ code: 'missing_argument', argument: 'every' });
  });
  it('hints at quotes for "plan Pearl River 3x100 …"', () => {
    expect(err('plan Pearl River 3x100 from 2026-12-01 every month')).toMatchObject({ argument: 'instalments', hint: 'quote_customer' });
  });
});

describe('dispute, writeoff', () => {
  it.each(['dispute', 'writeoff'] as const)('%s takes an invoice and a reason', (kind) => {
    expect(ok(`${kind} INV-2026-0042 goods damaged in transit`)).toEqual({ kind, invoice: 'INV-2026-0042', reason: 'goods damaged in transit' });
    expect(err(`${kind} INV-1`)).toEqual({ code: 'missing_argument', command: kind, argument: 'reason', usage: USAGE[kind] });
    expect(err(kind)).toMatchObject({ code: 'missing_argument', argument: 'invoice' });
  });
  it('dispute takes confirm or resolve [note] after the invoice (issue 9)', () => {
    expect(ok('dispute INV-1 confirm')).toEqual({ kind: 'dispute', invoice: 'INV-1', step: 'confirm', note: null });
    expect(ok('dispute INV-1 Resolve credit note issued')).toEqual({ kind: 'dispute', invoice: 'INV-1', step: 'resolve', note: 'credit note issued' });
    expect(ok('dispute INV-1 resolve')).toEqual({ kind: 'dispute', invoice: 'INV-1', step: 'resolve', note: null });
    expect(err('dispute INV-1 confirm now')).toMatchObject({ code: 'too_many', command: 'dispute' });
    expect(ok('dispute INV-1 "resolve" is what they want')).toMatchObject({ kind: 'dispute', reason: expect.stringContaining('is what they want') });
    expect(ok('writeoff INV-1 confirm')).toEqual({ kind: 'writeoff', invoice: 'INV-1', reason: 'confirm' });
  });
  it('accepts write-off as writeoff', () => {
    expect(ok('write-off INV-1 bankrupt')).toMatchObject({ kind: 'writeoff' });
  });
});

describe('snooze', () => {
  it('takes days 1–365 and a reason', () => {
    expect(ok('snooze PRL 14 waiting for the bank')).toEqual({ kind: 'snooze', customer: 'PRL', days: 14, reason: 'waiting for the bank' });
    expect(ok('snooze PRL 365 x')).toMatchObject({ days: 365 });
    expect(ok('snooze PRL 1 x')).toMatchObject({ days: 1 });
  });
  it.each(['0', '366', '1.5', '-3', 'two', '1000'])('refuses %j days', (days) => {
    expect(err(`snooze PRL ${days} x`)).toMatchObject({ code: 'bad_value', argument: 'days', got: days, usage: '/ar snooze <customer> <days> <reason>' });
  });
  it('needs a reason', () => {
    expect(err('snooze PRL 7')).toMatchObject({ code: 'missing_argument', argument: 'reason' });
  });
});

describe('escalate, approve, reject', () => {
  it('escalate opens a form without arguments, else needs a reason', () => {
    expect(ok('escalate')).toEqual({ kind: 'escalate', form: true });
    expect(ok('escalate PRL no payment after three letters')).toEqual({ kind: 'escalate', form: false, customer: 'PRL', reason: 'no payment after three letters', agency: null });
    expect(err('escalate PRL')).toEqual({ code: 'missing_argument', command: 'escalate', argument: 'reason', usage: '/ar escalate <customer> [agency <agency>] <reason>' });
  });

  it('escalate … agency <name> <reason> names a collection agency (quoted when it has spaces)', () => {
    expect(ok('escalate PRL agency Huatai no answer to three letters')).toEqual({ kind: 'escalate', form: false, customer: 'PRL', reason: 'no answer to three letters', agency: 'Huatai' });
    expect(ok('escalate PRL AGENCY "Huatai Recovery" no answer')).toEqual({ kind: 'escalate', form: false, customer: 'PRL', reason: 'no answer', agency: 'Huatai Recovery' });
    // A quoted "agency" is the reason's first word.
    expect(ok('escalate PRL "agency" refuses to talk')).toMatchObject({ agency: null });
    expect(err('escalate PRL agency Huatai')).toMatchObject({ code: 'missing_argument', argument: 'reason' });
    expect(err('escalate PRL agency')).toMatchObject({ code: 'missing_argument', argument: 'agency' });
  });
  it('approve takes an optional note', () => {
    expect(ok('approve PRL')).toEqual({ kind: 'approve', customer: 'PRL', note: null });
    expect(ok('approve "Pearl River" evidence complete')).toEqual({ kind: 'approve', customer: 'Pearl River', note: 'evidence complete' });
    expect(err('approve')).toMatchObject({ code: 'missing_argument', argument: 'customer', usage: '/ar approve <customer> [note]' });
  });
  it('reject needs a reason', () => {
    expect(ok('reject PRL try a visit first')).toEqual({ kind: 'reject', customer: 'PRL', reason: 'try a visit first' });
    expect(err('reject PRL')).toMatchObject({ code: 'missing_argument', argument: 'reason', usage: '/ar reject <customer> <reason>' });
  });
});

describe('report', () => {
  it('parses each report with and without a grouping', () => {
    expect(ok('report aging')).toEqual({ kind: 'report', report: 'aging', by: null, period: null });
    expect(ok('report KPI')).toEqual({ kind: 'report', report: 'kpi', by: null, period: null });
    expect(ok('report provision by owner')).toEqual({ kind: 'report', report: 'provision', by: 'owner', period: null });
    expect(ok('report aging by:region')).toEqual({ kind: 'report', report: 'aging', by: 'region', period: null });
    expect(ok('report aging BY Product_Line')).toEqual({ kind: 'report', report: 'aging', by: 'product', period: null });
    expect(ok('report aging by customer')).toMatchObject({ by: 'customer' });
  });
  it('takes a KPI period and a grouping in either order (issue 10)', () => {
    expect(ok('report kpi by region period month')).toEqual({ kind: 'report', report: 'kpi', by: 'region', period: 'month' });
    expect(ok('report kpi period:30d by owner')).toEqual({ kind: 'report', report: 'kpi', by: 'owner', period: { days: 30 } });
    expect(ok('report kpi period quarter')).toEqual({ kind: 'report', report: 'kpi', by: null, period: 'quarter' });
    expect(err('report kpi period fortnight')).toMatchObject({ code: 'bad_value', argument: 'period', got: 'fortnight' });
    expect(err('report kpi period')).toMatchObject({ code: 'missing_argument', argument: 'period' });
    expect(err('report aging period month')).toMatchObject({ code: 'bad_value', argument: 'by' });
    expect(err('report kpi by region period month again')).toMatchObject({ code: 'too_many', got: 'again' });
  });
  it('parses `chart` last: aging with or without a grouping, the KPI trend alone (issue 13)', () => {
    expect(ok('report aging chart')).toEqual({ kind: 'report', report: 'aging', by: null, period: null, chart: true });
    expect(ok('report aging by region CHART')).toEqual({ kind: 'report', report: 'aging', by: 'region', period: null, chart: true });
    expect(ok('report kpi chart')).toEqual({ kind: 'report', report: 'kpi', by: null, period: null, chart: true });
    expect(err('report provision chart')).toMatchObject({ code: 'bad_value', argument: 'chart', got: 'chart', usage: USAGE.report });
    expect(err('report kpi period month chart')).toMatchObject({ code: 'bad_value', argument: 'chart' });
    expect(err('report kpi by region chart')).toMatchObject({ code: 'bad_value', argument: 'chart' });
    expect(err('report aging chart by region')).toMatchObject({ code: 'too_many', got: 'by region' });
    expect(err('report aging chart chart')).toMatchObject({ code: 'too_many', got: 'chart' });
  });
  it('refuses unknown reports and groupings', () => {
    expect(err('report sales')).toMatchObject({ code: 'bad_value', argument: 'report', got: 'sales', usage: USAGE.report });
    expect(err('report')).toMatchObject({ code: 'missing_argument', argument: 'report' });
    expect(err('report aging by')).toMatchObject({ code: 'missing_argument', argument: 'by' });
    expect(err('report aging by colour')).toMatchObject({ code: 'bad_value', argument: 'by', got: 'colour' });
    expect(err('report aging region')).toMatchObject({ code: 'bad_value', argument: 'by', got: 'region' });
    expect(err('report aging by region now')).toMatchObject({ code: 'too_many', got: 'now' });
  });
});

describe('subscribe, unsubscribe', () => {
  it('parses kinds and options in any order', () => {
    expect(ok('subscribe digest')).toEqual({ kind: 'subscribe', subscription: 'digest', filter: {} });
    expect(ok('subscribe digest at:9:00 region:East product:pumps')).toEqual({
      kind: 'subscribe', subscription: 'digest', filter: { region: 'East', product: 'pumps', at: '09:00' },
    });
    expect(ok('subscribe alerts region:"East China"')).toMatchObject({ filter: { region: 'East China' } });
    expect(ok('subscribe legal region：华东')).toMatchObject({ subscription: 'legal', filter: { region: '华东' } });
    expect(ok('subscribe escalations AT:23:59')).toMatchObject({ filter: { at: '23:59' } });
    expect(ok('unsubscribe kpi region:East')).toEqual({ kind: 'unsubscribe', subscription: 'kpi', filter: { region: 'East' } });
  });
  it.each(['24:00', '12:60', '9', 'noon', '12:5'])('refuses the time %j', (at) => {
    expect(err(`subscribe digest at:${at}`)).toMatchObject({ code: 'bad_value', argument: 'at', got: at, usage: USAGE.subscribe });
  });
  it('refuses unknown kinds, options, empty values and repeats', () => {
    expect(err('subscribe news')).toMatchObject({ code: 'bad_value', argument: 'subscription', got: 'news' });
    expect(err('subscribe')).toMatchObject({ code: 'missing_argument', argument: 'subscription' });
    expect(err('subscribe digest weekly')).toMatchObject({ code: 'bad_value', argument: 'option', got: 'weekly' });
    expect(err('subscribe digest channel:x')).toMatchObject({ code: 'bad_value', argument: 'option', got: 'channel:x' });
    expect(err('subscribe digest region:')).toMatchObject({ code: 'missing_argument', argument: 'region' });
    expect(err('subscribe digest region:a region:b')).toMatchObject({ code: 'too_many', argument: 'region' });
    expect(err('unsubscribe digest at:09:00')).toMatchObject({ code: 'bad_value', argument: 'option', usage: USAGE.unsubscribe });
  });
});

describe('target', () => {
  it('parses org, region, owner and product scopes', () => {
    expect(ok('target org recovery 85')).toEqual({ kind: 'target', scope: { kind: 'org' }, metric: 'recovery', value: '85', period: 'month' });
    expect(ok('target region:East recovery 92.5% quarter')).toEqual({ kind: 'target', scope: { kind: 'region', region: 'East' }, metric: 'recovery', value: '92.5', period: 'quarter' });
    expect(ok('target owner:<@U42|li> recovery 100 month')).toMatchObject({ scope: { kind: 'owner', user: { kind: 'slack', id: 'U42', name: 'li' } }, value: '100' });
    expect(ok('target owner:@_user_3 recovery 60')).toMatchObject({ scope: { kind: 'owner', user: { kind: 'lark', key: '@_user_3' } } });
    expect(ok('target owner:li@example.com recovery 60')).toMatchObject({ scope: { kind: 'owner', user: { kind: 'email', email: 'li@example.com' } } });
    expect(ok('target region:"East China" RECOVERY 70')).toMatchObject({ scope: { kind: 'region', region: 'East China' } });
    expect(ok('target product:Pumps recovery 70')).toMatchObject({ scope: { kind: 'product', product: 'Pumps' } });
  });
  it('parses every metric of DOMAIN.md "Targets" with its own unit', () => {
    expect(ok('target org collected 1,200,000.50 quarter')).toEqual({ kind: 'target', scope: { kind: 'org' }, metric: 'collected', value: '1200000.50', period: 'quarter' });
    expect(ok('target org dso 45')).toMatchObject({ metric: 'dso', value: '45' });
    expect(ok('target org cei 90%')).toMatchObject({ metric: 'cei', value: '90' });
    expect(ok('target region:East overdue 500000')).toMatchObject({ metric: 'overdue', value: '500000' });
  });
  it.each(['0', '100.01', '101', '-5', 'eighty', '85.123'])('refuses the percent %j', (p) => {
    expect(err(`target org recovery ${p}`)).toMatchObject({ code: 'bad_value', argument: 'percent', got: p, usage: USAGE.target });
    expect(err(`target org cei ${p}`)).toMatchObject({ code: 'bad_value', argument: 'percent', got: p });
  });
  it('refuses days and amounts out of shape', () => {
    for (const d of ['0', '45.5', '366', 'x']) expect(err(`target org dso ${d}`)).toMatchObject({ code: 'bad_value', argument: 'days', got: d });
    for (const a of ['0', '-1', '12.345', 'lots', '1234567890123456']) expect(err(`target org collected ${a}`)).toMatchObject({ code: 'bad_value', argument: 'amount', got: a });
  });
  it('refuses bad scopes, metrics and periods', () => {
    expect(err('target team recovery 80')).toMatchObject({ code: 'bad_value', argument: 'scope', got: 'team' });
    expect(err('target owner:Li recovery 80')).toMatchObject({ code: 'bad_value', argument: 'owner', got: 'Li' });
    expect(err('target org speed 80')).toMatchObject({ code: 'bad_value', argument: 'metric', got: 'speed' });
    expect(err('target org recovery 80 year')).toMatchObject({ code: 'bad_value', argument: 'period', got: 'year' });
    expect(err('target org recovery')).toMatchObject({ code: 'missing_argument', argument: 'percent' });
    expect(err('target org dso')).toMatchObject({ code: 'missing_argument', argument: 'days' });
    expect(err('target org')).toMatchObject({ code: 'missing_argument', argument: 'metric' });
    expect(err('target')).toMatchObject({ code: 'missing_argument', argument: 'scope' });
    expect(err('target org recovery 80 month extra')).toMatchObject({ code: 'too_many' });
  });
});

describe('lang', () => {
  it('parses zh and en and their spellings', () => {
    expect(ok('lang zh')).toEqual({ kind: 'lang', locale: 'zh-CN' });
    expect(ok('lang EN')).toEqual({ kind: 'lang', locale: 'en-US' });
    expect(ok('lang zh-CN')).toEqual({ kind: 'lang', locale: 'zh-CN' });
    expect(ok('lang 中文')).toEqual({ kind: 'lang', locale: 'zh-CN' });
  });
  it('refuses other languages', () => {
    expect(err('lang fr')).toEqual({ code: 'bad_value', command: 'lang', argument: 'language', got: 'fr', usage: '/ar lang zh|en' });
    expect(err('lang')).toMatchObject({ code: 'missing_argument', argument: 'language' });
    expect(err('lang zh en')).toMatchObject({ code: 'too_many' });
  });
});

describe('robustness', () => {
  it('has a usage for every command, each starting with /ar and the command', () => {
    for (const c of COMMANDS) expect(USAGE[c].startsWith(`/ar ${c}`)).toBe(true);
  });
  it('never throws on odd input', () => {
    const samples = ['"', '“', '「', '<', '<@', '>>>', '\u0000', 'log "', 'promise " 1 2', 'target owner:<@U1', 'subscribe digest region:"x',
      'assign x <@U1|', '\\', '/ar /ar /ar', 'case \u3000\u3000', 'x'.repeat(10_000), `log ${'"'.repeat(500)}`];
    for (const s of samples) expect(() => parseCommand(s)).not.toThrow();
  });
  it('reports an unclosed quote where a token was needed', () => {
    expect(err('promise "Pearl River 100 2026-12-15')).toMatchObject({ code: 'bad_value', argument: 'quote', command: 'promise' });
  });
});

describe('legal', () => {
  it('takes a stage and a note, and a result when closing', () => {
    expect(parseCommand('/ar legal ACME filed Filed at the district court')).toEqual({ ok: true, command: {
      kind: 'legal', customer: 'ACME', stage: 'filed', note: 'Filed at the district court', result: null, recovered: null } });
    expect(parseCommand('/ar legal "Acme Trading" closed recovered 12,000.50 settled in court')).toMatchObject({ ok: true, command: {
      customer: 'Acme Trading', stage: 'closed', result: 'recovered', recovered: '12000.50', note: 'settled in court' } });
    expect(parseCommand('/ar legal ACME closed uncollectable debtor dissolved')).toMatchObject({ ok: true, command: {
      stage: 'closed', result: 'uncollectable', recovered: null, note: 'debtor dissolved' } });
  });

  it('refuses an unknown stage, a close without its result, and a missing note', () => {
    expect(parseCommand('/ar legal ACME appeal x')).toMatchObject({ ok: false, error: { code: 'bad_value', argument: 'stage', got: 'appeal' } });
    expect(parseCommand('/ar legal ACME closed done')).toMatchObject({ ok: false, error: { code: 'bad_value', argument: 'result' } });
    expect(parseCommand('/ar legal ACME closed recovered lots x')).toMatchObject({ ok: false, error: { code: 'bad_value', argument: 'amount' } });
    expect(parseCommand('/ar legal ACME mediation')).toMatchObject({ ok: false, error: { code: 'missing_argument', argument: 'note' } });
  });
});

describe('remind and statement (issue 11)', () => {
  it('previews a reminder by default, or the kind named', () => {
    expect(ok('/ar remind ACME')).toEqual({ kind: 'remind', customer: 'ACME', message: 'reminder' });
    expect(ok('/ar remind "Pearl River" FINAL_NOTICE')).toEqual({ kind: 'remind', customer: 'Pearl River', message: 'final_notice' });
    expect(ok('/ar remind ACME courtesy')).toEqual({ kind: 'remind', customer: 'ACME', message: 'courtesy' });
    expect(ok('/ar remind ACME statement')).toEqual({ kind: 'remind', customer: 'ACME', message: 'statement' });
    expect(ok('/ar statement 华东机电')).toEqual({ kind: 'statement', customer: '华东机电' });
  });

  it('refuses an unknown kind, extra words and a missing customer', () => {
    expect(err('/ar remind ACME lawyer_letter')).toMatchObject({ code: 'bad_value', argument: 'message', got: 'lawyer_letter' });
    expect(err('/ar remind ACME reminder now')).toMatchObject({ code: 'too_many' });
    expect(err('/ar statement ACME please')).toMatchObject({ code: 'too_many' });
    expect(err('/ar remind')).toMatchObject({ code: 'missing_argument', argument: 'customer' });
  });
});
