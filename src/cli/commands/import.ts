import type { Command } from 'commander';
// Placeholder: the import command is wired in by the import service work.
export function registerImport(_program: Command): void {}
