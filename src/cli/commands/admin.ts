// migrate, org add, workspace link, audit verify.
import type { Command } from 'commander';
import { withDatabase, out } from '../context.js';
import { addOrg, getOrg, linkWorkspace } from '../../services/orgs.js';
import { chainHead, verifyRecordChain } from '../../services/audit.js';
import { DuebotError } from '../../errors.js';
import { registerOrgMessaging } from './documents.js';

export function registerAdmin(program: Command): void {
  program.command('migrate').description('apply database migrations')
    .action(() => withDatabase(async () => out('migrations applied')));

  const org = program.command('org').description('manage orgs');
  org.command('add <slug>').description('create an org with the default policy')
    .option('--name <name>', 'display name')
    .option('--tz <zone>', 'IANA time zone', process.env.DUEBOT_TZ || 'Asia/Shanghai')
    .option('--currency <code>', 'ISO currency', process.env.DUEBOT_CURRENCY || 'CNY')
    .option('--locale <locale>', 'zh-CN or en-US', process.env.DUEBOT_LOCALE || 'zh-CN')
    .action((slug: string, o: { name?: string; tz: string; currency: string; locale: string }) => withDatabase(async ({ database }) => {
      if (o.locale !== 'zh-CN' && o.locale !== 'en-US') throw new DuebotError('invalid', '--locale must be zh-CN or en-US');
      try { new Intl.DateTimeFormat('en', { timeZone: o.tz }); } catch { throw new DuebotError('invalid', `--tz ${o.tz} is not an IANA time zone`); }
      if (!/^[A-Z]{3}$/.test(o.currency)) throw new DuebotError('invalid', '--currency must be a 3-letter code such as CNY');
      const r = await addOrg(database.db, { slug, name: o.name, timezone: o.tz, currency: o.currency, locale: o.locale });
      out(r.created ? `org ${slug} created (${r.org.timezone}, ${r.org.currency}, ${r.org.locale})` : `org ${slug} already exists`);
    }));

  registerOrgMessaging(org);

  program.command('workspace').description('link chat workspaces')
    .command('link <platform> <id>').description('link a Slack team or Lark tenant to an org')
    .requiredOption('--org <slug>', 'org slug')
    .action((platform: string, id: string, o: { org: string }) => withDatabase(async ({ database }) => {
      if (platform !== 'slack' && platform !== 'lark') throw new DuebotError('invalid', 'platform must be slack or lark');
      const r = await linkWorkspace(database.db, platform, id, o.org);
      out(r.created ? `${platform} ${id} linked to ${o.org}` : `${platform} ${id} was already linked to ${o.org}`);
    }));

  program.command('audit').description('audit trail')
    .command('verify').description("re-check the collection records' hash chain")
    .requiredOption('--org <slug>', 'org slug')
    .option('--against <head-hash>', 'a chain head hash kept outside the database (the daily post): it must still be in the chain')
    .action((o: { org: string; against?: string }) => withDatabase(async ({ database }) => {
      const org = await getOrg(database.db, o.org);
      if (o.against !== undefined && !/^[0-9a-fA-F]{64}$/.test(o.against.trim())) {
        throw new DuebotError('invalid', '--against: expected a chain head hash, 64 hex digits');
      }
      const v = await verifyRecordChain(database.db, org.id, o.against !== undefined ? { against: o.against } : {});
      if (v.ok) {
        const head = await chainHead(database.db, org.id);
        out(`audit verify: ${v.checked} records, chain intact; head ${head.seq} ${head.hash}${o.against ? `; ${o.against.trim().toLowerCase()} is in the chain` : ''}`);
        return;
      }
      const bad = v.firstBad!;
      out(`audit verify: FAILED at record ${bad.id || '(missing)'} (seq ${bad.seq}): ${bad.reason.replace('_', ' ')}; ${v.checked} records before it are intact`);
      process.exitCode = 1;
    }));
}
