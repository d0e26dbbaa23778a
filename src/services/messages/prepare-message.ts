// `/ar remind <customer> [kind]` and `/ar statement <customer>` (issue 11): the message is composed
// and frozen as a draft, and the preview says what Send would do — recipients, subject, first
// lines, attachments, the week's contacts against the cap, and when it can leave (the customer's
// working hours). Only someone who may send gets a preview.
import { nextWorkingInstant } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { DuebotError } from '../../errors.js';
import { loadBusinessCalendar } from '../calendars/business-calendar.js';
import { runCommand, type CommandOptions } from '../cases/case-command.js';
import { findCustomer } from '../cases/find-customer.js';
import { orgMessaging } from '../documents/org-messaging.js';
import { isTemplateKind, type TemplateKind } from '../documents/template-fields.js';
import type { Actor } from '../identity.js';
import { parseIntArray } from '../reminders/working-hours.js';
import { weeklyContacts, type WeeklyContacts } from './contact-cap.js';
import { draftMessage } from './draft-message.js';
import { requireSender } from './message-sender.js';

export interface MessagePreview {
  id: number;
  org: number;
  kind: TemplateKind;
  locale: string;
  customer: { code: string; name: string };
  caseId: number | null;
  recipients: string[];
  replyTo: string | null;
  subject: string;
  /** The template's first paragraphs, as rendered. */
  firstLines: string[];
  attachments: { filename: string; bytes: number }[];
  contacts: WeeklyContacts;
  /** ISO instant of the customer's next working hour when now is outside them (Send waits till then). */
  opensAt: string | null;
}

export interface PrepareResult { status: 'prepared'; preview: MessagePreview }

const FIRST_LINES = 3;

export async function prepareMessage(db: Db, actor: Actor, input: { customer: string; kind: string },
  opts: CommandOptions & { now?: Date; replyTo?: string | null } = {}): Promise<PrepareResult> {
  if (!isTemplateKind(input.kind)) throw new DuebotError('invalid', `kind: one of courtesy, reminder, statement, final_notice`, { field: 'kind' });
  const kind = input.kind;
  return runCommand(db, actor, 'message.prepare', opts, async (ctx) => {
    const customer = await findCustomer(ctx.trx, actor.orgId, input.customer);
    const kase = await ctx.trx.selectFrom('cases').select('owner_user_id').where('org_id', '=', actor.orgId)
      .where('customer_id', '=', customer.id).where('status', '<>', 'closed').executeTakeFirst();
    requireSender(actor, kase?.owner_user_id ?? customer.owner_user_id);
    const draft = await draftMessage(ctx.trx, actor.orgId, customer.code, kind, { today: ctx.today, requestedBy: actor.userId });
    const d = draft.doc.data;
    const m = draft.doc.message;
    const contacts = await weeklyContacts(ctx.trx, ctx.org, customer.id, ctx.today);
    const messaging = await orgMessaging(ctx.trx, actor.orgId);
    const now = opts.now ?? new Date();
    const opens = nextWorkingInstant(ctx.org.timezone, { ...messaging.customerHours, days: parseIntArray(messaging.customerHours.days),
      calendar: await loadBusinessCalendar(ctx.trx, actor.orgId) }, now);
    return {
      status: 'prepared' as const,
      preview: {
        id: draft.id, org: actor.orgId, kind, locale: m.locale, customer: { code: d.customer.code, name: d.customer.name }, caseId: d.caseId,
        recipients: d.recipients.map((r) => r.email), replyTo: opts.replyTo ?? d.owner?.email ?? null, subject: m.subject,
        firstLines: m.paragraphs.slice(0, FIRST_LINES),
        attachments: m.attachments.map((a) => ({ filename: a.filename, bytes: a.data.length })),
        contacts, opensAt: opens.getTime() > now.getTime() ? opens.toISOString() : null,
      },
    };
  });
}
