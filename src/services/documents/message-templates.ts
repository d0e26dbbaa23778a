// The template an org uses for a kind and language: its own (`duebot template set`) or the one
// that ships with duebot. Setting one checks it first: a bad template is refused and nothing is stored.
import type { Db } from '../../store/connection.js';
import { DEFAULT_TEMPLATES } from './default-templates.js';
import { checkTemplate, type TemplateProblem } from './template-check.js';
import type { TemplateKind, TemplateLocale } from './template-fields.js';

export interface CheckedTemplate { subject: string; body: string; source: 'org' | 'default' }

/** The org's template for the kind and locale, else the default. */
export async function templateFor(db: Db, orgId: number, kind: TemplateKind, locale: TemplateLocale): Promise<CheckedTemplate> {
  const row = await db.selectFrom('message_templates').select('source')
    .where('org_id', '=', orgId).where('kind', '=', kind).where('locale', '=', locale).executeTakeFirst();
  if (row) {
    const c = checkTemplate(kind, row.source);
    if (c.ok) return { subject: c.subject, body: c.body, source: 'org' };
    // Stored templates were checked when set; one that no longer passes (a field renamed since) falls back.
  }
  const c = checkTemplate(kind, DEFAULT_TEMPLATES[kind][locale]);
  if (!c.ok) throw new Error(`the default ${kind} ${locale} template is broken: ${JSON.stringify(c.problems)}`);
  return { subject: c.subject, body: c.body, source: 'default' };
}

export type SetTemplateResult =
  | { status: 'set'; kind: TemplateKind; locale: TemplateLocale; changed: boolean }
  | { status: 'refused'; problems: TemplateProblem[] };

/** Stores an org's template after checking it (every placeholder must be a field of the kind). */
export async function setTemplate(db: Db, orgId: number, kind: TemplateKind, locale: TemplateLocale, source: string,
  actor: string): Promise<SetTemplateResult> {
  const c = checkTemplate(kind, source);
  if (!c.ok) return { status: 'refused', problems: c.problems };
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('message_templates').select('source')
      .where('org_id', '=', orgId).where('kind', '=', kind).where('locale', '=', locale).forUpdate().executeTakeFirst();
    if (before?.source === source) return { status: 'set' as const, kind, locale, changed: false };
    await trx.insertInto('message_templates').values({ org_id: orgId, kind, locale, source, updated_by: actor })
      .onConflict((oc) => oc.columns(['org_id', 'kind', 'locale']).doUpdateSet({ source, updated_by: actor, updated_at: new Date() }))
      .execute();
    await trx.insertInto('audit_log').values({ org_id: orgId, actor, action: 'template.set', subject_type: 'template',
      subject_id: `${kind}/${locale}`, detail: JSON.stringify({ kind, locale, bytes: Buffer.byteLength(source) }) }).execute();
    return { status: 'set' as const, kind, locale, changed: true };
  });
}
