// Every command is routed on every platform (issue 14): each is typed once through the real
// adapter of the console, Slack and Lark, and answered by its own handler — never "I do not know
// the command", never an internal error. The table is a Record over the grammar's commands, so a
// new command without a line here fails to compile. Refusals count as routed: they come from the
// command's service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandName } from '../../../src/chat/grammar.js';
import { loadDemoOrg } from '../../../src/services/demo/index.js';
import { testDatabase } from '../../support/db.js';
import { AS_OF, demoOrgId, type Driver } from './driver.js';
import { MANAGER } from './story.contract.js';

/** One invocation of each command, about customer `c` (the demo's first red case). */
const SAMPLES: Record<CommandName, (c: string) => string> = {
  help: () => 'help',
  digest: () => 'digest',
  mine: () => 'mine',
  case: (c) => `case ${c}`,
  claim: (c) => `claim ${c}`,
  release: (c) => `release ${c}`,
  assign: (c) => `assign ${c} @nobody`,
  log: (c) => `log ${c} call reached spoke to their finance desk`,
  promise: (c) => `promise ${c} 100 2026-12-20`,
  dispute: () => 'dispute NO-SUCH-INVOICE wrong price',
  snooze: (c) => `snooze ${c} 3 waiting for their board`,
  escalate: (c) => `escalate ${c} no answer after three letters`,
  approve: (c) => `approve ${c} fine`,
  reject: (c) => `reject ${c} not enough evidence`,
  writeoff: () => 'writeoff NO-SUCH-INVOICE uncollectable',
  report: () => 'report aging',
  subscribe: () => 'subscribe digest',
  unsubscribe: () => 'unsubscribe digest',
  target: () => 'target org recovery 80',
  lang: () => 'lang en',
  legal: (c) => `legal ${c} letter sent by courier`,
  hold: (c) => `hold ${c} credit review`,
  unhold: (c) => `unhold ${c} review done`,
  evidence: (c) => `evidence ${c}`,
  plan: (c) => `plan ${c} 3x1000 from 2026-12-15 every month first instalments agreed`,
  remind: (c) => `remind ${c} final_notice`,
  statement: (c) => `statement ${c}`,
};

const NOT_ROUTED = [/I do not know the command/, /不认识命令/, /Something went wrong on our side/, /系统出错了/];

export function routingContract(makeDriver: () => Driver): void {
  const t = testDatabase();
  const d = makeDriver();
  let code: string;

  beforeAll(async () => {
    await loadDemoOrg(t.db, { asOf: AS_OF });
    const orgId = await demoOrgId(t.db);
    const row = await t.db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id').select('customers.code')
      .where('cases.org_id', '=', orgId).where('cases.level', '=', 'red').where('cases.status', '=', 'open')
      .orderBy('cases.id').executeTakeFirstOrThrow();
    code = row.code;
    await d.setup(t.db);
    await d.as(MANAGER);
    await d.command('lang en');
  });
  afterAll(async () => { await d.teardown(); });

  describe(`every command on ${d.platform}`, () => {
    it.each(Object.entries(SAMPLES) as [CommandName, (c: string) => string][])('routes %s to its handler', async (_name, sample) => {
      const from = d.transcript().length;
      await d.command(sample(code));
      const said = d.transcript().slice(from);
      expect(said.trim()).not.toBe('');
      for (const p of NOT_ROUTED) expect(said).not.toMatch(p);
    });
  });
}
