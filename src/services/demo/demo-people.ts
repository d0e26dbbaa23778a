// The demo org's staff: one admin, two managers, two finance, eight sales across the regions,
// two legal (DOMAIN.md "People"). Fixed, so a newcomer can follow a script ("log in as 刘洋").
import type { Role } from '../../store/schema.js';
import type { Locale } from '../../domain/locale.js';

/** Region keys, one stable spelling everywhere (customers, invoices, users, subscriptions). */
export const REGIONS = ['east', 'south', 'north', 'southwest', 'overseas'] as const;
export type Region = (typeof REGIONS)[number];

export const DEMO_EMAIL_DOMAIN = 'demo.duebot.local';

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  region: Region | null;
  timezone: string | null;
  locale: Locale;
  /** Slack user id (`U…`) when the person uses Slack. */
  slackUserId: string | null;
  /** Lark open_id (`ou_…`, 35 characters) when the person uses Lark. */
  larkOpenId: string | null;
}

const lark = (n: number) => `ou_demo${String(n).padStart(28, '0')}`;
const slack = (n: number) => `U0DEMO${String(n).padStart(3, '0')}`;

function user(local: string, name: string, role: Role, region: Region | null, opts: {
  en?: boolean; slack?: number; lark?: number; timezone?: string;
} = {}): DemoUser {
  return {
    email: `${local}@${DEMO_EMAIL_DOMAIN}`, name, role, region, timezone: opts.timezone ?? null,
    locale: opts.en ? 'en-US' : 'zh-CN',
    slackUserId: opts.slack === undefined ? null : slack(opts.slack),
    larkOpenId: opts.lark === undefined ? null : lark(opts.lark),
  };
}

export const DEMO_USERS: readonly DemoUser[] = [
  user('zhao.lei', '赵磊', 'admin', null, { slack: 1, lark: 1 }),
  user('chen.jing', '陈静', 'manager', null, { slack: 2, lark: 2 }),
  user('david.lin', 'David Lin', 'manager', null, { en: true, slack: 3 }),
  user('wang.fang', '王芳', 'finance', null, { slack: 4, lark: 4 }),
  user('grace.zhou', 'Grace Zhou', 'finance', null, { en: true, slack: 5 }),
  user('liu.yang', '刘洋', 'sales', 'east', { slack: 6, lark: 6 }),
  user('zhang.wei', '张伟', 'sales', 'east', { lark: 7 }),
  user('huang.min', '黄敏', 'sales', 'south', { slack: 8 }),
  user('kevin.wu', 'Kevin Wu', 'sales', 'south', { en: true, slack: 9 }),
  user('sun.hao', '孙浩', 'sales', 'north', { lark: 10 }),
  user('ma.li', '马丽', 'sales', 'north', { slack: 11, lark: 11 }),
  user('he.jun', '何军', 'sales', 'southwest', { lark: 12 }),
  user('emily.chen', 'Emily Chen', 'sales', 'overseas', { en: true, slack: 13, timezone: 'Asia/Singapore' }),
  user('guo.qiang', '郭强', 'legal', null, { slack: 14, lark: 14 }),
  user('sarah.xu', 'Sarah Xu', 'legal', null, { en: true, slack: 15 }),
];

export function demoUser(local: string): DemoUser {
  const u = DEMO_USERS.find((x) => x.email === `${local}@${DEMO_EMAIL_DOMAIN}`);
  if (!u) throw new RangeError(`no demo user ${local}`);
  return u;
}

/** The sales people of a region: customers there are owned by one of them. */
export const SALES_BY_REGION: Readonly<Record<Region, readonly DemoUser[]>> = {
  east: salesIn('east'), south: salesIn('south'), north: salesIn('north'), southwest: salesIn('southwest'),
  overseas: salesIn('overseas'),
};

function salesIn(region: Region): DemoUser[] {
  return DEMO_USERS.filter((u) => u.role === 'sales' && u.region === region);
}
