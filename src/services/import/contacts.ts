// contacts.csv: customer_code, name, email?, phone?, role?, locale? (issue 11). Upsert by customer
// and name (case-insensitive); role defaults to billing, the default recipient of reminders.
import { sql } from 'kysely';
import { key } from './csv-stage.js';
import { analyzeAfterBulkWrite, duplicates, findProblems, NO_AMOUNTS, upsertCounts, type KindSpec } from './kind-spec.js';

export const contacts: KindSpec<'contacts'> = {
  kind: 'contacts',
  stageColumns: [['customer_code', 'text'], ['name', 'text'], ['email', 'text'], ['phone', 'text'], ['role', 'text'],
    ['locale', 'text']],

  stageValues: (cells, r) => (r
    ? [r.customer_code, r.name, r.email, r.phone, r.role, r.locale]
    : [key(cells.customer_code), key(cells.name), null, null, null, null]),

  check: (trx, { orgId }) => findProblems(trx, [
    duplicates('name', 'contact', sql`s.customer_code || chr(31) || lower(s.name)`),
    sql`select s.line, 'customer_code' as col, format('unknown customer %s: import customers first', s.customer_code) as message, ${NO_AMOUNTS}
        from import_stage s
        where s.customer_code is not null
          and not exists (select 1 from customers c where c.org_id = ${orgId} and c.code = s.customer_code)`,
  ]),

  apply: async (trx, { orgId }) => {
    const counts = await upsertCounts(trx, sql`
      insert into contacts as k (org_id, customer_id, name, email, phone, role, locale)
      select ${orgId}, c.id, s.name, s.email, s.phone, s.role, s.locale
      from import_stage s join customers c on c.org_id = ${orgId} and c.code = s.customer_code
      on conflict (org_id, customer_id, lower(name)) do update set
        name = excluded.name, email = excluded.email, phone = excluded.phone, role = excluded.role,
        locale = excluded.locale, updated_at = now()
      where (k.name, k.email, k.phone, k.role, k.locale)
        is distinct from (excluded.name, excluded.email, excluded.phone, excluded.role, excluded.locale)
      returning (xmax = 0) as inserted`);
    await analyzeAfterBulkWrite(trx, 'contacts', counts);
    return counts;
  },
};
