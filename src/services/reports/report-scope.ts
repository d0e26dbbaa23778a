// What a report is about: the org, the as-of date and the currency, checked once for every report.
import { dateIn, isIsoDate } from '../../domain/calendar.js';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import { getOrgById } from '../orgs.js';
import { GROUP_BYS, type ReportOptions } from './types.js';

export interface ReportScope {
  orgId: number;
  slug: string;
  asOf: string;
  currency: string;
}

export async function resolveScope(db: Db, opts: ReportOptions): Promise<ReportScope> {
  if (opts.asOf !== undefined && !isIsoDate(opts.asOf)) {
    throw new DuebotError('invalid', `as-of date "${opts.asOf}" must be a real date in YYYY-MM-DD form`, { field: 'asOf' });
  }
  if (opts.currency !== undefined && !/^[A-Za-z]{3}$/.test(opts.currency)) {
    throw new DuebotError('invalid', `currency "${opts.currency}" must be a 3-letter ISO code such as CNY`, { field: 'currency' });
  }
  if (opts.by !== undefined && !GROUP_BYS.includes(opts.by)) {
    throw new DuebotError('invalid', `cannot group by "${String(opts.by)}": use ${GROUP_BYS.join(', ')}`, { field: 'by' });
  }
  const org = await getOrgById(db, opts.orgId);
  return {
    orgId: org.id,
    slug: org.slug,
    // Dates are calendar days in the org's time zone (DOMAIN.md).
    asOf: opts.asOf ?? dateIn(org.timezone),
    currency: (opts.currency ?? org.currency).toUpperCase(),
  };
}
