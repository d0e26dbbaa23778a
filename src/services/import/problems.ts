// The problems an import finds: every one is counted, the first MAX_LISTED are kept for the report.

/** One problem: the CSV line (header = line 1) and the column it concerns. */
export interface ImportProblem { line: number; column: string; message: string }

export const MAX_LISTED = 1000;

/** Problems in the order found; only the first MAX_LISTED are kept, all are counted. */
export class ProblemList {
  readonly listed: ImportProblem[] = [];
  count = 0;

  add(line: number, column: string, message: string): void {
    this.count++;
    if (this.listed.length < MAX_LISTED) this.listed.push({ line, column, message });
  }
}

/** Problems from several sources, each already in line order: the first MAX_LISTED by line, and the total. */
export function mergeProblems(sources: { listed: ImportProblem[]; count: number }[]): { listed: ImportProblem[]; count: number } {
  // Array.prototype.sort is stable: problems of one line keep their source order (row checks first).
  const all = sources.flatMap((s) => s.listed).sort((a, b) => a.line - b.line);
  return { listed: all.slice(0, MAX_LISTED), count: sources.reduce((n, s) => n + s.count, 0) };
}
