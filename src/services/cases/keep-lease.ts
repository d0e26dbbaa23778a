// "Still working on it" on the lease check (issue 8: out of the chat layer): the owner keeps the
// claim by a note in the ledger, which renews the lease like any record. The note is in the org's
// language (./ledger-notes.ts), not the clicker's.
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { runCommand, type CommandOptions } from './case-command.js';
import { ledgerNote } from './ledger-notes.js';
import { appendRecord, type LogRecordResult } from './log-record.js';

export async function keepLease(db: Db, actor: Actor, input: { customer: string }, opts: CommandOptions = {}): Promise<LogRecordResult> {
  // The same command name as a typed note: a retried click and a typed note share one receipt space.
  return runCommand(db, actor, 'record.log', opts, (ctx) =>
    appendRecord(ctx, { customer: input.customer, method: 'note', text: ledgerNote('lease_kept', ctx.org.locale) }, opts.idempotencyKey));
}
