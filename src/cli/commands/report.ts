import type { Command } from 'commander';
// Placeholder: the report command is wired in by the reports work.
export function registerReport(_program: Command): void {}
