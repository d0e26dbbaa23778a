// `/ar log` without arguments opens a modal; its submission writes the collection record.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { interactiveBody, postSigned } from '../../support/slack-signing.js';
import { alertButton, buttonPayload, click, eventually, SECRET, seedSlackOrg, sendCommand, startSlackStack, type SlackFixture, type SlackStack } from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  stack = await startSlackStack(t.db);
});
afterAll(async () => { await stack?.close(); });
// Each test reads what Slack was asked from its own start: the work an earlier test left is done first (issue 14).
beforeEach(async () => {
  await stack.slack.settled();
  await stack.deliveries.settled(f.orgId);
  stack.api.reset();
});

/** The view_submission Slack sends for the opened modal with these values. */
function submission(view: any, values: Record<string, Record<string, unknown>>) {
  return interactiveBody({
    type: 'view_submission', team: { id: f.teamId, domain: 'acme' }, user: { id: f.people.sales.slackId, team_id: f.teamId },
    api_app_id: 'AE2E', trigger_id: 'trig.view', view: {
      ...view, id: 'VLOG1', team_id: f.teamId, hash: 'h1',
      state: { values: Object.fromEntries(Object.entries(values).map(([block, v]) => [block, { value: v }])) },
    },
  });
}

/** `/ar log` typed by the sales person in CSALES: the command's answer and the modal Slack was asked to open. */
async function openLogModal(triggerId: string) {
  const res = await sendCommand(stack, f, f.people.sales, 'log', { channelId: 'CSALES', triggerId });
  const opened = () => stack.api.callsTo('views.open').find((x) => x.body.trigger_id === triggerId);
  await stack.api.waitFor(() => opened() !== undefined);
  return { res, view: opened()!.body.view as any };
}

/** The collection records written since `before` (the highest id then). */
async function recordsSince(before: number) {
  return t.db.selectFrom('collection_records').select(['id', 'method', 'outcome', 'body', 'author_user_id', 'case_id'])
    .where('org_id', '=', f.orgId).where('id', '>', before).orderBy('id').execute();
}
async function lastRecordId(): Promise<number> {
  const r = await t.db.selectFrom('collection_records').select((e) => e.fn.max('id').as('id')).where('org_id', '=', f.orgId).executeTakeFirstOrThrow();
  return r.id ?? 0;
}

describe('the log modal', () => {
  it('opens on `/ar log` with the command\'s trigger_id, before anything else is answered', async () => {
    const { res, view } = await openLogModal('trig.log.1');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(stack.api.calls.filter((c) => c.method !== 'auth.test')[0]!.method).toBe('views.open');
    expect(view).toMatchObject({ type: 'modal', callback_id: 'form:log' });
    expect(view.blocks.map((b: any) => b.block_id)).toEqual(expect.arrayContaining(['customer', 'method', 'text']));
    expect(JSON.parse(view.private_metadata).c).toBe('CSALES');
  });

  it('answers a blank required field inside the modal and writes nothing', async () => {
    const { view } = await openLogModal('trig.log.blank');
    const before = await lastRecordId();
    const res = await postSigned(stack.url, SECRET, submission(view, {
      customer: { type: 'plain_text_input', value: 'HDJD' }, method: { type: 'static_select', selected_option: { value: 'call' } },
      text: { type: 'plain_text_input', value: '   ' },
    }));
    const body = JSON.parse(res.text);
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['text']);
    await stack.slack.settled();
    expect(await recordsSince(before)).toHaveLength(0);
  });

  it('closes on a valid submission and writes the record, once even if Slack delivers it twice', async () => {
    const { view } = await openLogModal('trig.log.valid');
    const before = await lastRecordId();
    const body = submission(view, {
      customer: { type: 'plain_text_input', value: 'HDJD' }, method: { type: 'static_select', selected_option: { value: 'letter' } },
      outcome: { type: 'static_select', selected_option: { value: 'promised' } },
      text: { type: 'plain_text_input', value: 'Sent the final notice <!channel> — they promise to pay Friday' },
    });
    const res = await postSigned(stack.url, SECRET, body);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await postSigned(stack.url, SECRET, body);
    const records = await eventually(async () => {
      const rows = await recordsSince(before);
      return rows.length ? rows : null;
    });
    await stack.slack.settled();   // both submissions' work is done
    expect(await recordsSince(before)).toHaveLength(1);
    expect(records[0]).toMatchObject({ method: 'letter', outcome: 'promised', author_user_id: f.people.sales.id, case_id: f.alertCase.caseId,
      body: 'Sent the final notice <!channel> — they promise to pay Friday' });
    // The confirmation goes to the channel the command was typed in; the alert's thread shows the record, escaped.
    await stack.api.waitFor((c) => c.some((x) => x.method === 'chat.postEphemeral' && x.body.channel === 'CSALES'));
    await stack.api.waitFor((c) => c.some((x) => x.method === 'chat.postMessage' && x.body.thread_ts === f.alert.ts));
    const line = stack.api.callsTo('chat.postMessage').find((x) => x.body.thread_ts === f.alert.ts)!;
    expect(JSON.stringify(line.body)).not.toContain('<!channel>');
  });

  it('opens from the Log button of an alert, already about its case, and the record lands in that case', async () => {
    // A record logged before (another test's) changed the case, and its alert was updated in place: its
    // buttons carry the case's version now (an older one is refused as an out-of-date card).
    const now = await t.db.selectFrom('cases').select('version').where('id', '=', f.alertCase.caseId).executeTakeFirstOrThrow();
    const alert = { ...f, alertCase: { ...f.alertCase, version: now.version } };
    const res = await click(stack, buttonPayload(f, f.people.sales, f.alert, alertButton(alert, 'log'), stack));
    expect(res.status).toBe(200);
    await stack.api.waitFor((c) => c.some((x) => x.method === 'views.open'));
    const opened = stack.api.callsTo('views.open')[0]!.body.view;
    expect(opened.blocks.map((b: any) => b.block_id)).not.toContain('customer');
    expect(JSON.parse(opened.private_metadata)).toMatchObject({ c: f.alert.channelId, t: f.alert.ts });
    const before = await t.db.selectFrom('collection_records').select('id').where('org_id', '=', f.orgId).execute();
    const sub = interactiveBody({
      type: 'view_submission', team: { id: f.teamId }, user: { id: f.people.sales.slackId, team_id: f.teamId }, trigger_id: 'trig.view2',
      view: { ...opened, id: 'VLOG2', state: { values: {
        method: { value: { type: 'static_select', selected_option: { value: 'call' } } },
        text: { value: { type: 'plain_text_input', value: 'Called the CFO, no answer' } },
      } } },
    });
    expect((await postSigned(stack.url, SECRET, sub)).status).toBe(200);
    const rows = await eventually(async () => {
      const r = await t.db.selectFrom('collection_records').select(['case_id', 'body', 'method']).where('org_id', '=', f.orgId).orderBy('id').execute();
      return r.length > before.length ? r : null;
    });
    expect(rows.at(-1)).toEqual({ case_id: f.alertCase.caseId, body: 'Called the CFO, no answer', method: 'call' });
  });
});
