// Issue 9, part 2, hostile requests on Slack (beside verification.test.ts: forged, stale and
// future-dated): an oversized body, a wrong content type, a replayed click, another workspace's
// user ids and another org's case id in a button value. Each is refused, changes nothing, and is
// in the log with its reason.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { encodeAction } from '../../../src/chat/action-payload.js';
import { testDatabase } from '../../support/db.js';
import { commandBody, postSigned } from '../../support/slack-signing.js';
import { addOverdueCustomer, addPerson, alertButton, buttonPayload, click, SECRET, seedSlackOrg, sendCommand, startSlackStack, type Person, type SeededCase,
  type SlackFixture, type SlackStack } from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
/** Another org, linked to another Slack team, with a case and a manager. */
let other: { orgId: number; case: SeededCase; manager: Person };
let stack: SlackStack;
const lines: Record<string, any>[] = [];
const log = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } }));

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  const o = await t.db.insertInto('orgs').values({ slug: 'other-org', name: 'Other', timezone: 'Asia/Shanghai', currency: 'CNY', locale: 'en-US' })
    .returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('org_policies').values({ org_id: o.id }).execute();
  await t.db.insertInto('workspaces').values({ org_id: o.id, platform: 'slack', external_id: 'T0OTHER', name: 'Other' }).execute();
  other = { orgId: o.id,
    case: await addOverdueCustomer(t.db, o.id, f.today, { code: 'OTH', name: 'Other Co', amountMinor: 1_000_000n, daysOverdue: 100 }),
    manager: await addPerson(t.db, o.id, { slackId: 'UOTHERMGR', name: 'Other Boss', email: 'boss@other.example', role: 'manager' }) };
  stack = await startSlackStack(t.db, { log });
});
afterAll(async () => { await stack?.close(); });

async function state(orgId: number, caseId: number) {
  const kase = await t.db.selectFrom('cases').select(['owner_user_id', 'version']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const n = async (table: 'audit_log' | 'action_receipts' | 'collection_records') => (await t.db.selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n;
  return { kase, audit: await n('audit_log'), receipts: await n('action_receipts'), records: await n('collection_records') };
}
const logged = (from: number) => lines.slice(from);

describe('hostile requests on Slack', () => {
  it('refuses an oversized body with 413 and logs why', async () => {
    const before = await state(f.orgId, f.alertCase.caseId);
    const from = lines.length;
    const body = commandBody({ command: '/ar', text: `log HDJD note ${'x'.repeat(2 * 1024 * 1024)}`, team_id: f.teamId, user_id: f.people.sales.slackId,
      channel_id: 'CGENERAL', trigger_id: 'trig.big', response_url: stack.api.responseUrl('big') });
    // The server answers 413 and stops reading: the sender may see the 413 or the connection cut.
    const status = await postSigned(stack.url, SECRET, body).then((r) => r.status, (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message);
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(status);
    expect(logged(from)).toContainEqual(expect.objectContaining({ reason: 'body_too_large' }));
    expect(await state(f.orgId, f.alertCase.caseId)).toEqual(before);
  });

  it('refuses a signed body of the wrong content type with 400 and logs why', async () => {
    const before = await state(f.orgId, f.alertCase.caseId);
    const from = lines.length;
    const res = await postSigned(stack.url, SECRET, '<xml>claim HDJD</xml>', { contentType: 'application/xml' });
    expect(res.status).toBe(400);
    expect(logged(from)).toContainEqual(expect.objectContaining({ reason: 'unreadable_body', contentType: 'application/xml' }));
    expect(await state(f.orgId, f.alertCase.caseId)).toEqual(before);
  });

  it('refuses a command from a workspace linked to no org, naming another org\'s user ids, and changes nothing', async () => {
    const before = await state(other.orgId, other.case.caseId);
    const from = lines.length;
    stack.api.reset();
    // A stranger's team, with the user id of a manager of the other org.
    const res = await sendCommand(stack, { teamId: 'T0STRANGER' }, other.manager, 'claim HDJD');
    expect(res.status).toBe(200);
    await stack.slack.settled();
    expect(stack.api.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(logged(from)).toContainEqual(expect.objectContaining({ code: 'unlinked_workspace', msg: 'chat request refused' }));
    expect(await state(other.orgId, other.case.caseId)).toEqual(before);
  });

  it('refuses a button naming another org\'s case, and changes neither org', async () => {
    const mine = await state(f.orgId, f.alertCase.caseId);
    const theirs = await state(other.orgId, other.case.caseId);
    const from = lines.length;
    const forged = { id: 'claim', value: encodeAction({ v: 1, org: other.orgId, case: other.case.caseId, ver: other.case.version, inv: other.case.invoiceId }) };
    const res = await click(stack, buttonPayload(f, f.people.sales, f.alert, forged, stack));
    expect(res.status).toBe(200);
    await stack.slack.settled();
    expect(logged(from)).toContainEqual(expect.objectContaining({ code: 'forbidden', reason: 'other_org' }));
    expect(await state(other.orgId, other.case.caseId)).toEqual(theirs);
    expect(await state(f.orgId, f.alertCase.caseId)).toEqual(mine);
  });

  it('does a replayed click (the same signed request again) once', async () => {
    const payload = buttonPayload(f, f.people.sales, f.alert, alertButton(f, 'claim'), stack);
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await click(stack, payload, { timestamp })).status).toBe(200);
    await stack.slack.settled();
    const once = await state(f.orgId, f.alertCase.caseId);
    expect(once.kase.owner_user_id).toBe(f.people.sales.id);
    expect((await click(stack, payload, { timestamp })).status).toBe(200);
    await stack.slack.settled();
    expect(await state(f.orgId, f.alertCase.caseId)).toEqual(once);
  });
});
