// Orgs and the chat workspaces linked to them.
import { DuebotError } from '../errors.js';
import type { Db } from '../store/connection.js';
import type { Org, Platform } from '../store/schema.js';
import { loadShippedCalendar, shippedCalendarFor } from './calendars/shipped-calendars.js';
import type { Locale } from '../domain/locale.js';

export interface NewOrg { slug: string; name?: string; timezone?: string; currency?: string; locale?: Locale }

/**
 * Creates an org with its default policy, and mainland China's business calendar when its time
 * zone is Asia/Shanghai (issue 15); an existing slug is returned unchanged (idempotent).
 */
export async function addOrg(db: Db, input: NewOrg): Promise<{ org: Org; created: boolean }> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.slug)) {
    throw new DuebotError('invalid', `org slug "${input.slug}" must be lowercase letters, digits and dashes`);
  }
  return db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('orgs')
      .values({ slug: input.slug, name: input.name ?? input.slug, timezone: input.timezone, currency: input.currency, locale: input.locale })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returningAll().executeTakeFirst();
    if (!inserted) return { org: await getOrg(trx, input.slug), created: false };
    await trx.insertInto('org_policies').values({ org_id: inserted.id }).execute();
    const shipped = shippedCalendarFor(inserted.timezone);
    if (shipped) await loadShippedCalendar(trx, inserted.id, shipped);
    await trx.insertInto('audit_log').values({ org_id: inserted.id, actor: 'cli', action: 'org.add', subject_type: 'org',
      subject_id: String(inserted.id), detail: JSON.stringify({ slug: input.slug }) }).execute();
    return { org: inserted, created: true };
  });
}

export async function getOrg(db: Db, slug: string): Promise<Org> {
  const org = await db.selectFrom('orgs').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!org) throw new DuebotError('not_found', `no org "${slug}": create it with \`duebot org add ${slug}\``);
  return org;
}

export async function getOrgById(db: Db, id: number): Promise<Org> {
  const org = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!org) throw new DuebotError('not_found', `no org with id ${id}`);
  return org;
}

/** Links a Slack team or Lark tenant to an org. Re-linking to another org is refused. */
export async function linkWorkspace(db: Db, platform: Platform, externalId: string, orgSlug: string, name?: string) {
  const org = await getOrg(db, orgSlug);
  const existing = await db.selectFrom('workspaces').selectAll().where('platform', '=', platform)
    .where('external_id', '=', externalId).executeTakeFirst();
  if (existing && existing.org_id !== org.id) {
    throw new DuebotError('conflict', `${platform} workspace ${externalId} is already linked to another org`);
  }
  if (existing) return { workspace: existing, created: false };
  const workspace = await db.insertInto('workspaces').values({ org_id: org.id, platform, external_id: externalId, name: name ?? null })
    .onConflict((oc) => oc.columns(['platform', 'external_id']).doNothing()).returningAll().executeTakeFirst();
  if (!workspace) return linkWorkspace(db, platform, externalId, orgSlug, name);
  await db.insertInto('audit_log').values({ org_id: org.id, actor: 'cli', action: 'workspace.link', subject_type: 'workspace',
    subject_id: String(workspace.id), detail: JSON.stringify({ platform, externalId }) }).execute();
  return { workspace, created: true };
}

/** The org a platform workspace is linked to, or undefined (an unlinked workspace is refused). */
export async function orgForWorkspace(db: Db, platform: Platform, externalId: string): Promise<Org | undefined> {
  return db.selectFrom('workspaces').innerJoin('orgs', 'orgs.id', 'workspaces.org_id').selectAll('orgs')
    .where('workspaces.platform', '=', platform).where('workspaces.external_id', '=', externalId).executeTakeFirst();
}
