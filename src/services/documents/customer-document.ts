// A statement or letter for one customer, composed in the recipient's language: the billing
// contact's locale, else the org's (issue 11). Used by `duebot statement|letter` (paper) and by
// the previews and sends in chat.
import type { IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { composeMessage, type ComposedMessage } from './compose-message.js';
import { loadDocumentData, type DocumentData } from './document-data.js';
import { templateFor } from './message-templates.js';
import type { TemplateKind, TemplateLocale } from './template-fields.js';

export interface CustomerDocument { data: DocumentData; message: ComposedMessage }

export async function customerDocument(db: Db, orgId: number, customer: string, kind: TemplateKind,
  opts: { locale?: TemplateLocale; today?: IsoDate } = {}): Promise<CustomerDocument> {
  const data = await loadDocumentData(db, orgId, customer, kind, { today: opts.today });
  const locale = opts.locale ?? data.recipients[0]?.locale ?? data.org.locale;
  const template = await templateFor(db, orgId, kind, locale);
  return { data, message: await composeMessage(data, template, locale) };
}
