// Demo customers: Chinese and English company names, credit grades with matching limits and
// terms, industries (construction and foreign_trade are the documents' high-risk ones), regions,
// product lines, and an owner among the region's sales people (001: 谁签约谁负责回款).
import type { Grade } from '../../domain/credit.js';
import { addDays, daysBetween, type IsoDate } from '../../domain/calendar.js';
import { SALES_BY_REGION, type Region } from './demo-people.js';
import { Random, Weighted, mixSeed } from './random.js';

export const PRODUCT_LINES = ['motors', 'pumps', 'controls', 'cables'] as const;
export type ProductLine = (typeof PRODUCT_LINES)[number];

export const INDUSTRIES = ['manufacturing', 'construction', 'foreign_trade', 'logistics', 'energy',
  'water_utilities', 'mining', 'agriculture', 'wholesale'] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** How a customer pays; drives when (and whether) its invoices get paid. */
export const PROFILES = ['prompt', 'slow', 'late', 'bad'] as const;
export type Profile = (typeof PROFILES)[number];

export interface DemoCustomer {
  index: number;
  code: string;
  name: string;
  grade: Grade;
  creditLimitMinor: bigint;
  termsDays: number;
  industry: Industry;
  region: Region;
  productLine: ProductLine;
  ownerEmail: string;
  gradeRefreshedOn: IsoDate;
  profile: Profile;
  /** For a 'bad' payer: days before as-of (negative) since when it stopped paying. */
  troubleSince: number;
  /** Relative share of the invoices (bigger, better customers buy more often). */
  weight: number;
}

/** Invoice amounts by grade, in yuan (log-uniform between the two). */
export const AMOUNT_RANGE: Readonly<Record<Grade, readonly [number, number]>> = {
  A: [40_000, 900_000], B: [20_000, 500_000], C: [8_000, 250_000], D: [5_000, 120_000],
};

const TERMS: Readonly<Record<Grade, readonly number[]>> = { A: [60, 90, 90, 60, 45], B: [45, 60, 30, 60], C: [30, 30, 45], D: [15, 30] };

/** Credit limit ranges in yuan and their step; D must prepay or give collateral (001), so low or zero. */
const LIMITS: Readonly<Record<Grade, readonly [number, number, number]>> = {
  A: [3_000_000, 8_000_000, 100_000], B: [1_000_000, 3_000_000, 50_000], C: [300_000, 1_000_000, 50_000], D: [0, 100_000, 10_000],
};

const PROFILE_BY_GRADE: Readonly<Record<Grade, Weighted<Profile>>> = {
  A: new Weighted({ prompt: 75, slow: 20, late: 5, bad: 0 }),
  B: new Weighted({ prompt: 50, slow: 35, late: 13, bad: 2 }),
  C: new Weighted({ prompt: 30, slow: 35, late: 25, bad: 10 }),
  D: new Weighted({ prompt: 10, slow: 25, late: 35, bad: 30 }),
};

const REGION_WEIGHTS = new Weighted<Region>({ east: 32, south: 25, north: 20, southwest: 13, overseas: 10 });
const INDUSTRY_WEIGHTS = new Weighted<Industry>({
  manufacturing: 28, construction: 16, foreign_trade: 8, logistics: 10, energy: 9, water_utilities: 8, mining: 5,
  agriculture: 6, wholesale: 10,
});
const GRADE_WEIGHTS = new Weighted<Grade>({ A: 22, B: 38, C: 26, D: 14 });
// Construction and foreign trade (the documents' high-risk industries) rate worse.
const HIGH_RISK_GRADE_WEIGHTS = new Weighted<Grade>({ A: 12, B: 33, C: 33, D: 22 });

/** Better customers buy more often: their share of the invoices. */
const GRADE_SHARE: Readonly<Record<Grade, number>> = { A: 3, B: 2.2, C: 1.5, D: 1 };

const ZH_PLACES: Readonly<Record<Exclude<Region, 'overseas'>, readonly string[]>> = {
  east: ['华东', '苏州', '杭州', '宁波', '无锡', '上海', '南京', '常州', '温州'],
  south: ['华南', '广州', '深圳', '佛山', '东莞', '珠海', '厦门', '中山'],
  north: ['华北', '北京', '天津', '京津', '石家庄', '唐山', '济南', '青岛', '太原'],
  southwest: ['西南', '成都', '重庆', '昆明', '贵阳', '绵阳', '南宁'],
};
const EN_PLACES: Readonly<Record<Region, readonly string[]>> = {
  east: ['Yangtze', 'Jiangnan', 'Suzhou', 'Ningbo', 'Hangzhou Bay', 'Shanghai'],
  south: ['Pearl River', 'Shenzhen', 'Guangzhou', 'Lingnan', 'Greater Bay'],
  north: ['Bohai', 'Beijing', 'Tianjin', 'Yanshan'],
  southwest: ['Sichuan', 'Chongqing', 'Tianfu', 'Yunnan'],
  overseas: ['Mekong', 'Danube', 'Saigon', 'Jakarta', 'Gulf', 'Rhine', 'Andes', 'Nile', 'Manila', 'Karachi', 'Lagos', 'Almaty'],
};
const ZH_BRANDS = ['宏远', '恒通', '鑫达', '华泰', '永盛', '东方', '中联', '金桥', '顺发', '海天', '天成', '瑞丰', '新华', '长城', '盛世', '汇通'];
const EN_BRANDS = ['Greenfield', 'Everbright', 'Harmony', 'Summit', 'Golden Bridge', 'Oriental', 'Evergreen', 'Sunrise', 'Orient Star', 'Grand Ocean'];
const ZH_TRADES: Readonly<Record<Industry, readonly string[]>> = {
  manufacturing: ['机电', '精密机械', '电气设备', '重工机械', '自动化设备', '五金制品'],
  construction: ['建工', '建设工程', '路桥工程', '市政工程', '建筑安装'],
  foreign_trade: ['进出口', '国际贸易', '对外经贸'],
  logistics: ['物流', '供应链', '仓储运输'],
  energy: ['能源', '电力工程', '新能源'],
  water_utilities: ['水务', '环保工程', '给排水设备'],
  mining: ['矿业', '冶金'],
  agriculture: ['农业科技', '农机'],
  wholesale: ['商贸', '机电商行', '工业品贸易'],
};
const EN_TRADES: Readonly<Record<Industry, readonly string[]>> = {
  manufacturing: ['Machinery', 'Electromechanical', 'Precision Engineering', 'Industrial Equipment', 'Automation'],
  construction: ['Construction', 'Engineering & Construction', 'Infrastructure', 'Building'],
  foreign_trade: ['Trading', 'Import & Export', 'International Trade'],
  logistics: ['Logistics', 'Supply Chain', 'Freight'],
  energy: ['Energy', 'Power Engineering', 'New Energy'],
  water_utilities: ['Water Services', 'Environmental Engineering'],
  mining: ['Mining', 'Metallurgy'],
  agriculture: ['Agritech', 'Farm Machinery'],
  wholesale: ['Industrial Supply', 'Commerce'],
};
const ZH_SUFFIXES = ['有限公司', '有限公司', '股份有限公司', '集团有限公司', '有限责任公司'];
const EN_SUFFIXES = ['Co., Ltd.', 'Ltd.', 'Group Co., Ltd.'];
const OVERSEAS_SUFFIXES = ['Pte. Ltd.', 'GmbH', 'LLC', 'Ltd.', 'S.A.', 'JSC', 'FZE'];

export function customerCode(index: number, total: number): string {
  return `C${String(index + 1).padStart(Math.max(4, String(total).length), '0')}`;
}

function companyName(rng: Random, region: Region, industry: Industry): string {
  if (region === 'overseas' || rng.chance(0.2)) {
    const brand = rng.chance(0.5) ? `${rng.pick(EN_BRANDS)} ` : '';
    const suffix = rng.pick(region === 'overseas' ? OVERSEAS_SUFFIXES : EN_SUFFIXES);
    return `${rng.pick(EN_PLACES[region])} ${brand}${rng.pick(EN_TRADES[industry])} ${suffix}`;
  }
  const brand = rng.chance(0.5) ? rng.pick(ZH_BRANDS) : '';
  return `${rng.pick(ZH_PLACES[region])}${brand}${rng.pick(ZH_TRADES[industry])}${rng.pick(ZH_SUFFIXES)}`;
}

/** The first day of the quarter that holds `date`. */
function quarterStart(date: IsoDate): IsoDate {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
}

export interface CustomerOptions {
  seed: number;
  asOf: IsoDate;
  /** Total customers (codes are padded to fit it). */
  total: number;
  /** First index to generate (the ones before are hand-written scenario customers). */
  start?: number;
  /** Names already taken. */
  takenNames?: Iterable<string>;
}

/**
 * Customers `start`..`total-1`, one at a time (a million of them never sit in memory at once;
 * only the set of names, to keep them unique). Customer i is the same for the same seed whatever
 * `start` is, so scenario customers can be slotted in front.
 */
export function* demoCustomers(opts: CustomerOptions): Generator<DemoCustomer> {
  const taken = new Set(opts.takenNames ?? []);
  const thisQuarter = quarterStart(opts.asOf);
  const quarterDays = daysBetween(thisQuarter, opts.asOf);
  const days = new Map<number, IsoDate>();
  const day = (offset: number) => {
    let d = days.get(offset);
    if (d === undefined) days.set(offset, (d = addDays(opts.asOf, offset)));
    return d;
  };
  for (let index = opts.start ?? 0; index < opts.total; index++) {
    const rng = new Random(mixSeed(opts.seed, 0xc057, index));
    const region = REGION_WEIGHTS.pick(rng);
    const industry: Industry = region === 'overseas' && rng.chance(0.6) ? 'foreign_trade' : INDUSTRY_WEIGHTS.pick(rng);
    const highRisk = industry === 'construction' || industry === 'foreign_trade';
    const grade = (highRisk ? HIGH_RISK_GRADE_WEIGHTS : GRADE_WEIGHTS).pick(rng);
    const [lo, hi, step] = LIMITS[grade];
    const limitYuan = grade === 'D' && rng.chance(0.4) ? 0 : lo + step * rng.int(0, (hi - lo) / step);
    const code = customerCode(index, opts.total);
    let name = companyName(rng, region, industry);
    // A couple of redraws; past that the names run out (large benchmark sets) and the code tells them apart.
    for (let attempt = 0; taken.has(name) && attempt < 2; attempt++) name = companyName(rng, region, industry);
    if (taken.has(name)) name = `${name} (${code})`;
    taken.add(name);
    // 000: ≥ 90% of grades refreshed this quarter; the rest are stale.
    const gradeRefreshedOn = rng.chance(0.92) ? day(-rng.int(0, quarterDays)) : day(-quarterDays - rng.int(20, 300));
    yield {
      index, code, name, grade,
      creditLimitMinor: BigInt(limitYuan) * 100n,
      termsDays: rng.pick(TERMS[grade]),
      industry, region,
      productLine: rng.pick(PRODUCT_LINES),
      ownerEmail: rng.pick(SALES_BY_REGION[region]).email,
      gradeRefreshedOn,
      profile: PROFILE_BY_GRADE[grade].pick(rng),
      troubleSince: -rng.int(20, 330),
      weight: GRADE_SHARE[grade] * (0.5 + rng.next()),
    };
  }
}

/**
 * What the invoice generator needs of each customer, in flat arrays (a few fields per customer),
 * so invoices can be generated for many customers without keeping the customer objects.
 */
export class CustomerBook {
  readonly codes: string[] = [];
  readonly regions: Region[] = [];
  readonly productLines: ProductLine[] = [];
  private readonly terms: number[] = [];
  private readonly profiles: number[] = [];
  private readonly grades: Grade[] = [];
  private readonly trouble: number[] = [];
  private cumulative: Float64Array | null = null;
  private readonly weights: number[] = [];

  add(c: Pick<DemoCustomer, 'code' | 'region' | 'productLine' | 'termsDays' | 'profile' | 'grade' | 'troubleSince' | 'weight'>): void {
    this.codes.push(c.code);
    this.regions.push(c.region);
    this.productLines.push(c.productLine);
    this.terms.push(c.termsDays);
    this.profiles.push(PROFILES.indexOf(c.profile));
    this.grades.push(c.grade);
    this.trouble.push(c.troubleSince);
    this.weights.push(c.weight);
    this.cumulative = null;
  }

  get size(): number { return this.codes.length; }
  termsDays(i: number): number { return this.terms[i]!; }
  profile(i: number): Profile { return PROFILES[this.profiles[i]!]!; }
  grade(i: number): Grade { return this.grades[i]!; }
  troubleSince(i: number): number { return this.trouble[i]!; }

  /** A customer index drawn with probability proportional to its weight. */
  pick(rng: Random): number {
    if (!this.cumulative) {
      this.cumulative = new Float64Array(this.weights.length);
      let sum = 0;
      this.weights.forEach((w, i) => { sum += w; this.cumulative![i] = sum; });
      if (sum <= 0) throw new RangeError('no customer can receive invoices');
    }
    const cum = this.cumulative;
    const r = rng.next() * cum[cum.length - 1]!;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > r) hi = mid; else lo = mid + 1;
    }
    return lo;
  }
}
