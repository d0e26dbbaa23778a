// duebot org set <slug> [--red-response-clock calendar|working]
import type { Command } from 'commander';
import { DuebotError } from '../../errors.js';
import { getOrg } from '../../services/orgs.js';
import { RED_RESPONSE_CLOCKS, updateOrgPolicy } from '../../services/org-policy.js';
import type { RedResponseClock } from '../../store/schema.js';
import { out, withDatabase } from '../context.js';

/** Adds `set` to the `org` command (registered by admin.ts). */
export function registerOrgSettings(program: Command): void {
  const org = program.commands.find((c) => c.name() === 'org') ?? program.command('org').description('manage orgs');
  org.command('set <slug>').description("change an org's policy")
    .option('--red-response-clock <clock>',
      'how the 48-hour rule for red cases counts: calendar (every hour, the default) or working (only working hours on working days)')
    .action((slug: string, o: { redResponseClock?: string }) => withDatabase(async ({ database }) => {
      if (o.redResponseClock === undefined) throw new DuebotError('invalid', 'nothing to set: give --red-response-clock calendar|working');
      if (!(RED_RESPONSE_CLOCKS as readonly string[]).includes(o.redResponseClock)) {
        throw new DuebotError('invalid', `--red-response-clock must be calendar or working (got "${o.redResponseClock}")`);
      }
      const target = await getOrg(database.db, slug);
      const changed = await updateOrgPolicy(database.db, target.id, { redResponseClock: o.redResponseClock as RedResponseClock });
      out(changed.redResponseClock ? `org ${slug}: the 48-hour rule now counts ${changed.redResponseClock} hours`
        : `org ${slug}: the 48-hour rule already counts ${o.redResponseClock} hours`);
    }));
}
