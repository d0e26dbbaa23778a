// duebot import <customers|invoices|payments|users|contacts> <file.csv> --org <slug> [--dry-run]
import type { Command } from 'commander';
import { DuebotError } from '../../errors.js';
import { IMPORT_KINDS, importFile, isImportKind, type ImportResult } from '../../services/import/index.js';
import { getOrg } from '../../services/orgs.js';
import { out, withDatabase } from '../context.js';

const USAGE = 'duebot import <customers|invoices|payments|users|contacts> <file.csv> --org <slug> [--dry-run]';

export function registerImport(program: Command): void {
  program.command('import <kind> <file>')
    .description('import customers, invoices, payments, users or contacts from a CSV file: every row or none')
    .requiredOption('--org <slug>', 'org slug')
    .option('--dry-run', 'check the file and count what would change, write nothing')
    .action(async (kind: string, file: string, o: { org: string; dryRun?: boolean }) => {
      if (!isImportKind(kind) || kind === 'calendar') {
        // A business calendar has its own command: `duebot calendar import`.
        const kinds = IMPORT_KINDS.filter((k) => k !== 'calendar');
        throw new DuebotError('invalid', `import kind must be one of ${kinds.join(', ')} (got "${kind}"); usage: ${USAGE}`);
      }
      await withDatabase(async ({ database }) => {
        const org = await getOrg(database.db, o.org);
        const result = await importFile(database.db, { orgId: org.id, kind, input: file, dryRun: o.dryRun === true });
        out(renderImportResult(result, o.dryRun === true));
        if (!result.ok) process.exitCode = 1;
      });
    });
}

/** The summary line, or every listed problem then the refusal. */
export function renderImportResult(r: ImportResult, dryRun: boolean): string {
  if (r.ok) {
    return `${r.kind}: ${r.rows} rows, ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged`
      + (dryRun ? ' (dry run, nothing written)' : '');
  }
  const lines = r.errors.map((e) => `line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.message}`);
  if (r.errorCount > r.errors.length) lines.push(`… and ${r.errorCount - r.errors.length} more not listed`);
  lines.push(`import refused: ${r.errorCount} ${r.errorCount === 1 ? 'problem' : 'problems'}, nothing written`);
  return lines.join('\n');
}
