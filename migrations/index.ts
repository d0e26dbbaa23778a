// The migrations in order. Listed statically so the same list works under tsx and compiled.
import type { Migration } from 'kysely';
import * as m0001 from './0001_ledger.js';
import * as m0002 from './0002_payments_paid_on.js';
import * as m0003 from './0003_typed_deliveries.js';
import * as m0005 from './0005_retention.js';
import * as m0005b from './0005b_chain_heads_guard.js';
import * as m0006 from './0006_holds.js';
import * as m0008 from './0008_kpi_snapshots.js';
import * as m0008b from './0008b_delivery_images.js';
import * as m0010 from './0010_legal_track.js';
import * as m0009 from './0009_calendars.js';
import * as m0012 from './0012_dispute_requests.js';
import * as m0009b from './0009b_people_who_leave.js';
import * as m0007 from './0007_contacts.js';
import * as m0007b from './0007b_customer_messages.js';
import * as m0014 from './0014_plans.js';
import * as m0014b from './0014b_reminder_due_dates.js';
import * as m0015 from './0015_chat_link_source.js';
import * as m0014c from './0014c_writeoff_reviews.js';
import * as m0013 from './0013_email_sends.js';
import * as m0016 from './0016_target_metrics.js';
import * as m0016b from './0016b_target_flags.js';
import * as m0016c from './0016c_rerating.js';
import * as m0017 from './0017_delivery_claim.js';
import * as m0017b from './0017b_delivery_lease.js';

export const migrations: Record<string, Migration> = {
  '0001_ledger': m0001,
  '0002_payments_paid_on': m0002,
  '0003_typed_deliveries': m0003,
  '0005_retention': m0005,
  '0005b_chain_heads_guard': m0005b,
  '0006_holds': m0006,
  '0008_kpi_snapshots': m0008,
  '0008b_delivery_images': m0008b,
  '0010_legal_track': m0010,
  '0009_calendars': m0009,
  '0012_dispute_requests': m0012,
  '0009b_people_who_leave': m0009b,
  '0007_contacts': m0007,
  '0007b_customer_messages': m0007b,
  '0014_plans': m0014,
  '0014b_reminder_due_dates': m0014b,
  '0015_chat_link_source': m0015,
  '0014c_writeoff_reviews': m0014c,
  '0013_email_sends': m0013,
  '0016_target_metrics': m0016,
  '0016b_target_flags': m0016b,
  '0016c_rerating': m0016c,
  '0017_delivery_claim': m0017,
  '0017b_delivery_lease': m0017b,
};
