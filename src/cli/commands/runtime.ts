import type { Command } from 'commander';
// Placeholder: demo, serve, worker and start.
export function registerRuntime(_program: Command): void {}
