// The eslint layer rules (eslint.config.js) fail a file that breaks them (issue 8).
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules', () => {
  it('refuse an adapter importing src/store, even for a type', async () => {
    const out = await problems('adapters/slack/fixture.ts', "import type { Db } from '../../src/store/connection.js';\nexport type X = Db;\n");
    expect(out.join('\n')).toContain('@typescript-eslint/no-restricted-imports: ');
    expect(out.join('\n')).toContain('Adapters never import src/store');
  });

  it('refuse a query in an adapter and in the chat layer', async () => {
    const query = "export const q = (db: any) => db.selectFrom('cases').selectAll().execute();\n";
    expect(await problems('adapters/lark/fixture.ts', query)).toEqual([expect.stringContaining('no-restricted-syntax: No queries here')]);
    expect(await problems('src/chat/commands/fixture.ts', query)).toEqual([expect.stringContaining('no-restricted-syntax: No queries here')]);
    expect(await problems('src/chat/fixture.ts', "import { sql } from 'kysely';\nexport const q = sql`select 1`;\n")).toHaveLength(2);
  });

  it('refuse the chat layer importing the store\'s values, but let it name its types', async () => {
    expect(await problems('src/chat/fixture.ts', "import { connect } from '../store/connection.js';\nexport const x = connect;\n"))
      .toEqual([expect.stringContaining('src/chat never queries')]);
    expect(await problems('src/chat/fixture.ts', "import type { Db } from '../store/connection.js';\nexport type X = Db;\n")).toEqual([]);
  });

  it('refuse a service importing the chat layer, and the domain importing a service', async () => {
    expect(await problems('src/services/fixture.ts', "import { t } from '../chat/i18n.js';\nexport const x = t;\n"))
      .toEqual([expect.stringContaining('Services never import the chat layer')]);
    expect(await problems('src/domain/fixture.ts', "import { claimCase } from '../services/cases/index.js';\nexport const x = claimCase;\n"))
      .toEqual([expect.stringContaining('src/domain is pure rules')]);
  });

  it('let a service query', async () => {
    expect(await problems('src/services/fixture.ts', "export const q = (db: any) => db.selectFrom('cases').selectAll().execute();\n")).toEqual([]);
  });
});
