// duebot statement <customer> --org <slug> --out s.pdf
// duebot letter <customer> --org <slug> --template <courtesy|reminder|final_notice> --out l.pdf
// duebot template set <kind> <zh-CN|en-US> <file> --org <slug>
// duebot org messaging <slug> [--remittance <text> | --remittance-file <f>] [--auto-remind on|off] [--customer-hours 09:00-18:00] [--customer-days 1-5]
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DuebotError } from '../../errors.js';
import { customerDocument } from '../../services/documents/customer-document.js';
import { setTemplate } from '../../services/documents/message-templates.js';
import { setOrgMessaging } from '../../services/documents/org-messaging.js';
import { isTemplateKind, isTemplateLocale, LETTER_KINDS, TEMPLATE_KINDS, type TemplateKind, type TemplateLocale } from '../../services/documents/template-fields.js';
import { getOrg } from '../../services/orgs.js';
import { out, withDatabase } from '../context.js';

interface DocOptions { org: string; out: string; locale?: string; asOf?: string }

function localeOption(l: string | undefined): TemplateLocale | undefined {
  if (l === undefined) return undefined;
  if (!isTemplateLocale(l)) throw new DuebotError('invalid', `--locale must be zh-CN or en-US (got "${l}")`);
  return l;
}

async function writeDocument(customer: string, kind: TemplateKind, o: DocOptions): Promise<void> {
  const locale = localeOption(o.locale);
  if (o.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.asOf)) throw new DuebotError('invalid', `--as-of must be YYYY-MM-DD (got "${o.asOf}")`);
  await withDatabase(async ({ database }) => {
    const org = await getOrg(database.db, o.org);
    const doc = await customerDocument(database.db, org.id, customer, kind, { locale, today: o.asOf });
    await writeFile(o.out, doc.message.attachments[0]!.data);
    out(`${kind} for ${doc.data.customer.name} (${doc.data.customer.code}), ${doc.message.locale}, ${doc.data.invoices.length} invoices: ${o.out}`);
  });
}

export function registerDocuments(program: Command): void {
  program.command('statement <customer>')
    .description('write the statement of account (对账单) of a customer as a PDF: open invoices, payments since the last statement, aging, remittance details')
    .requiredOption('--org <slug>', 'org slug')
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--locale <zh-CN|en-US>', "language (default: the billing contact's, else the org's)")
    .option('--as-of <YYYY-MM-DD>', 'date of the statement (default: today in the org)')
    .action((customer: string, o: DocOptions) => writeDocument(customer, 'statement', o));

  program.command('letter <customer>')
    .description(`write a letter to a customer as a PDF (${LETTER_KINDS.join(', ')})`)
    .requiredOption('--org <slug>', 'org slug')
    .requiredOption('--template <kind>', LETTER_KINDS.join(' | '))
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--locale <zh-CN|en-US>', "language (default: the billing contact's, else the org's)")
    .option('--as-of <YYYY-MM-DD>', 'date of the letter (default: today in the org)')
    .action((customer: string, o: DocOptions & { template: string }) => {
      if (!(LETTER_KINDS as readonly string[]).includes(o.template)) {
        throw new DuebotError('invalid', `--template must be one of ${LETTER_KINDS.join(', ')} (got "${o.template}"); the statement is \`duebot statement\``);
      }
      return writeDocument(customer, o.template as TemplateKind, o);
    });

  program.command('template').description('message templates (statements and letters)')
    .command('set <kind> <locale> <file>')
    .description(`replace the org's template of a kind (${TEMPLATE_KINDS.join(', ')}) in zh-CN or en-US; `
      + 'first line the subject, a blank line, then the body; placeholders {{name}}, sections and loops only')
    .requiredOption('--org <slug>', 'org slug')
    .action((kind: string, locale: string, file: string, o: { org: string }) => withDatabase(async ({ database }) => {
      if (!isTemplateKind(kind)) throw new DuebotError('invalid', `template kind must be one of ${TEMPLATE_KINDS.join(', ')} (got "${kind}")`);
      if (!isTemplateLocale(locale)) throw new DuebotError('invalid', `template locale must be zh-CN or en-US (got "${locale}")`);
      let source: string;
      try { source = await readFile(file, 'utf8'); } catch { throw new DuebotError('not_found', `cannot read ${file}: check the path and its permissions`); }
      const org = await getOrg(database.db, o.org);
      const r = await setTemplate(database.db, org.id, kind, locale, source, 'cli');
      if (r.status === 'refused') {
        out([...r.problems.map((p) => `line ${p.line}${p.name ? `, {{${p.name}}}` : ''}: ${p.message}`),
          `template refused: ${r.problems.length} ${r.problems.length === 1 ? 'problem' : 'problems'}, nothing stored`].join('\n'));
        process.exitCode = 1;
        return;
      }
      out(r.changed ? `template ${kind} ${locale} set for ${o.org}` : `template ${kind} ${locale} unchanged`);
    }));
}

/** `duebot org messaging <slug> …`: registered under `org` by admin.ts's command. */
export function registerOrgMessaging(org: Command): void {
  org.command('messaging <slug>')
    .description("settings for messages to customers: remittance details, auto_remind, the customers' working hours")
    .option('--remittance <text>', 'bank details printed on every statement and letter ("\\n" for a new line)')
    .option('--remittance-file <file>', 'the remittance details from a text file')
    .option('--auto-remind <on|off>', 'send the pre-due courtesy reminder and the first reminder automatically (default off)')
    .option('--customer-hours <HH:MM-HH:MM>', "customers' working hours (default 09:00-18:00)")
    .option('--customer-days <days>', 'working weekdays, 1 = Monday: 1-5 (default) or 1,2,3,4,5,6')
    .action((slug: string, o: { remittance?: string; remittanceFile?: string; autoRemind?: string; customerHours?: string; customerDays?: string }) =>
      withDatabase(async ({ database }) => {
        if (o.autoRemind !== undefined && o.autoRemind !== 'on' && o.autoRemind !== 'off') {
          throw new DuebotError('invalid', `--auto-remind must be on or off (got "${o.autoRemind}")`);
        }
        let remittance = o.remittance?.replace(/\\n/g, '\n');
        if (o.remittanceFile !== undefined) {
          try { remittance = (await readFile(o.remittanceFile, 'utf8')).trim(); } catch { throw new DuebotError('not_found', `cannot read ${o.remittanceFile}`); }
        }
        const org = await getOrg(database.db, slug);
        const s = await setOrgMessaging(database.db, org.id, {
          ...(remittance !== undefined ? { remittance: remittance.trim() || null } : {}),
          ...(o.autoRemind !== undefined ? { autoRemind: o.autoRemind === 'on' } : {}),
          ...(o.customerHours !== undefined ? { hours: o.customerHours } : {}),
          ...(o.customerDays !== undefined ? { days: parseDays(o.customerDays) } : {}),
        }, 'cli');
        const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        out(`${slug}: auto_remind ${s.autoRemind ? 'on' : 'off'}; customer hours ${hhmm(s.customerHours.start)}-${hhmm(s.customerHours.end)} `
          + `on days ${s.customerHours.days.join(',')}; remittance ${s.remittance ? 'set' : 'not set'}`);
      }));
}

function parseDays(s: string): number[] {
  const range = /^([1-7])-([1-7])$/.exec(s.trim());
  if (range) {
    const days: number[] = [];
    for (let d = Number(range[1]); d <= Number(range[2]); d++) days.push(d);
    return days;
  }
  return s.split(',').map((x) => Number(x.trim()));
}
