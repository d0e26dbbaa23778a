// duebot agency set|list — the org's collection agencies (an org setting: name, fee share);
// duebot evidence <customer> --org --out — the evidence file;
// duebot report agencies is answered here too (reportAgencies), called from report.ts.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DuebotError } from '../../errors.js';
import { getOrg } from '../../services/orgs.js';
import { agencyReport, listAgencies, setAgency } from '../../services/legal/agencies.js';
import { renderAgencyReport } from '../../services/legal/render-agency-report.js';
import { evidenceFileForCli } from '../../services/legal/evidence-file.js';
import type { ReportFormat, ReportLocale } from '../../services/reports/index.js';
import { withDatabase, out } from '../context.js';

export function registerLegal(program: Command): void {
  const agency = program.command('agency').description("the org's collection agencies (委外机构)");
  agency.command('set <name> <fee-percent>').description('add an agency or change its fee share (percent of what it recovers)')
    .requiredOption('--org <slug>', 'org slug')
    .action((name: string, fee: string, o: { org: string }) => withDatabase(async ({ database }) => {
      const org = await getOrg(database.db, o.org);
      const r = await setAgency(database.db, org.id, name, fee);
      out(`agency ${r.agency.name} ${r.created ? 'added' : 'updated'}: fee share ${r.agency.feeShare}`);
    }));
  agency.command('list').description('the agencies and their fee shares')
    .requiredOption('--org <slug>', 'org slug')
    .action((o: { org: string }) => withDatabase(async ({ database }) => {
      const org = await getOrg(database.db, o.org);
      const all = await listAgencies(database.db, org.id);
      out(all.length === 0 ? 'no agencies (add one with duebot agency set <name> <fee-percent> --org <slug>)'
        : all.map((a) => `${a.name}\t${a.feeShare}${a.active ? '' : '\t(inactive)'}`).join('\n'));
    }));
}

/** `duebot report agencies`: cases, recovered and fees per agency. */
export async function reportAgencies(o: { org: string; asOf?: string; format: ReportFormat; locale?: ReportLocale; by?: string }): Promise<void> {
  if (o.by !== undefined) throw new DuebotError('invalid', '--by does not apply to the agencies report', { option: '--by' });
  await withDatabase(async ({ database }) => {
    const org = await getOrg(database.db, o.org);
    const r = await agencyReport(database.db, org.id, { asOf: o.asOf });
    out(renderAgencyReport(r, o.format, o.locale ?? org.locale));
  });
}

export function registerEvidence(program: Command): void {
  program.command('evidence <customer>').description('the evidence file for a court or a lawyer, as one PDF (its SHA-256 goes to the audit log)')
    .requiredOption('--org <slug>', 'org slug')
    .requiredOption('--out <file>', 'where to write the PDF')
    .action((customer: string, o: { org: string; out: string }) => withDatabase(async ({ database }) => {
      const org = await getOrg(database.db, o.org);
      const f = await evidenceFileForCli(database.db, org.id, customer);
      await writeFile(o.out, f.pdf);
      out(`evidence file written to ${o.out}: ${f.records} records, ${f.pdf.length} bytes, sha256 ${f.sha256}` +
        (f.chainHead ? `; chain head ${f.chainHead.seq} ${f.chainHead.hash}` : ''));
    }));
}
