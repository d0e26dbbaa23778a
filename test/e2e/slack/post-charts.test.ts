// Issue 13, done when (Slack): the digest and the KPI post carry their chart through the delivery
// pipeline against the fake Web API — the external upload's calls in order, then the post showing
// the uploaded file by its id, the text still there; a refused upload still posts the text; a
// post whose outcome was unknown is neither posted nor uploaded twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobsRuntime } from '../../../jobs/index.js';
import { testDatabase } from '../../support/db.js';
import type { FakeSlackCall } from '../../support/fake-slack-api.js';
import { eventually, seedSlackOrg, sendCommand, startSlackStack, type SlackFixture, type SlackStack, startSlackJobs } from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;
let rt: JobsRuntime;

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  stack = await startSlackStack(t.db);
  rt = await startSlackJobs(t.db, stack, { now: stack.now });
}, 60_000);
afterAll(async () => { await rt?.stop(); await stack?.close(); });

/** Queues the digest or KPI post of a new subscription of `channel` for today, as the scheduler does. */
async function queuePost(kind: 'digest' | 'kpi', channel: string) {
  const sub = await t.db.insertInto('channel_subscriptions').values({ org_id: f.orgId, platform: 'slack', channel_id: channel, kind,
    region: null, product: null, at_time: null }).returning('id').executeTakeFirstOrThrow();
  await rt.delivery.enqueue([{ orgId: f.orgId, platform: 'slack', channelId: channel, kind, subscriptionId: sub.id, localDate: f.today,
    dedupeKey: `${kind}:${sub.id}:${f.today}` }]);
}

const sent = (channel: string) => eventually(async () => {
  const d = await t.db.selectFrom('deliveries').selectAll().where('org_id', '=', f.orgId).where('channel_id', '=', channel).executeTakeFirst();
  return d?.status === 'sent' ? d : null;
}, 60_000);

const uploadCalls = ['files.getUploadURLExternal', 'file_upload', 'files.completeUploadExternal'];
const blocksOf = (call: FakeSlackCall): any[] => call.body.blocks ?? [];
const postsTo = (channel: string) => stack.api.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

describe('charts in the scheduled posts (Slack)', () => {
  it('uploads the digest\'s aging chart in the three steps, then posts the digest showing that file, text and all', async () => {
    const from = stack.api.calls.length;
    await queuePost('digest', 'CDIGEST1');
    const d = await sent('CDIGEST1');
    const calls = stack.api.calls.slice(from).filter((c) => [...uploadCalls, 'chat.postMessage'].includes(c.method));
    expect(calls.map((c) => c.method)).toEqual([...uploadCalls, 'chat.postMessage']);
    const fileId = String(calls[1]!.body.file_id);
    expect(calls[0]!.body.filename).toBe(`aging-${f.today}.png`);
    const post = calls[3]!;
    const image = blocksOf(post).find((b) => b.type === 'image');
    expect(image).toMatchObject({ type: 'image', slack_file: { id: fileId } });
    // The alt text says what the picture shows, bucket by bucket.
    expect(image.alt_text).toMatch(/^Aging structure · .*91–180 days 165,?600\.00/);
    // The text stays: the header, the totals and the worst cases, and the notification text.
    const shown = JSON.stringify(post.body);
    expect(shown).toContain('Pearl River Trading');
    expect(post.body.text).toMatch(/overdue/i);
    expect(blocksOf(post).findIndex((b) => b.type === 'image')).toBeLessThan(blocksOf(post).findIndex((b) => b.type === 'divider'));
    expect(d.image_id).toBe(fileId);
  });

  it('posts the KPI post with its 12-week trend', async () => {
    const from = stack.api.calls.length;
    await queuePost('kpi', 'CKPI1');
    await sent('CKPI1');
    const calls = stack.api.calls.slice(from).filter((c) => [...uploadCalls, 'chat.postMessage'].includes(c.method));
    expect(calls.map((c) => c.method)).toEqual([...uploadCalls, 'chat.postMessage']);
    const image = blocksOf(calls[3]!).find((b) => b.type === 'image');
    expect(image).toMatchObject({ slack_file: { id: String(calls[1]!.body.file_id) } });
    expect(image.alt_text).toMatch(/^12-week trend/);
    expect(JSON.stringify(calls[3]!.body)).toMatch(/DSO/);
  });

  it('posts the text digest when Slack refuses the upload, and tells no one anything broke', async () => {
    stack.api.fail('files.getUploadURLExternal', 'not_allowed_token_type');
    await queuePost('digest', 'CDIGEST2');
    const d = await sent('CDIGEST2');
    const [post, ...more] = postsTo('CDIGEST2');
    expect(more).toHaveLength(0);
    expect(blocksOf(post!).some((b) => b.type === 'image')).toBe(false);
    expect(JSON.stringify(post!.body)).toContain('Pearl River Trading');
    expect(d.image_id).toBeNull();
    const notices = await t.db.selectFrom('reminders').select('id').where('org_id', '=', f.orgId).where('kind', '=', 'delivery_failed').execute();
    expect(notices).toHaveLength(0);
    const attempts = await t.db.selectFrom('delivery_attempts').select('outcome').where('org_id', '=', f.orgId).where('delivery_id', '=', d.id as never).execute();
    expect(attempts.map((a) => a.outcome)).toEqual(['sent']);
  });

  it('waits when the upload is rate-limited (nothing posted meanwhile), then posts with the chart once', async () => {
    const from = stack.api.calls.length;
    stack.api.rateLimit('files.getUploadURLExternal', 1, 1);
    await queuePost('digest', 'CDIGEST5');
    const d = await sent('CDIGEST5');
    const calls = stack.api.calls.slice(from).filter((c) => c.method === 'files.getUploadURLExternal' || (c.method === 'chat.postMessage' && c.body.channel === 'CDIGEST5'));
    expect(calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.getUploadURLExternal', 'chat.postMessage']);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);
    expect(blocksOf(calls[2]!).find((b) => b.type === 'image')?.slack_file).toEqual({ id: d.image_id });
  });

  it('does not post or upload again when the post\'s answer was lost: the retry finds it', async () => {
    const from = stack.api.calls.length;
    stack.api.drop('chat.postMessage', 1);
    await queuePost('digest', 'CDIGEST3');
    const d = await sent('CDIGEST3');
    const calls = stack.api.calls.slice(from);
    expect(stack.api.messages('CDIGEST3')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'files.getUploadURLExternal')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'conversations.history' && c.body.channel === 'CDIGEST3')).toHaveLength(1);
    expect(d.message_id).toBe(stack.api.messages('CDIGEST3')[0]!.ts);
  });

  it('shows the image it already uploaded when the post is retried after a refusal, uploading once', async () => {
    const from = stack.api.calls.length;
    stack.api.fail('chat.postMessage', 'internal_error');
    await queuePost('digest', 'CDIGEST4');
    await sent('CDIGEST4');
    const calls = stack.api.calls.slice(from);
    const uploads = calls.filter((c) => c.method === 'files.getUploadURLExternal');
    expect(uploads).toHaveLength(1);
    const posts = postsTo('CDIGEST4');
    expect(posts).toHaveLength(2);
    const fileId = calls.find((c) => c.method === 'file_upload')!.body.file_id;
    for (const p of posts) expect(blocksOf(p).find((b) => b.type === 'image')?.slack_file).toEqual({ id: fileId });
    expect(stack.api.messages('CDIGEST4')).toHaveLength(1);
  });
});

describe('/ar report … chart (Slack)', () => {
  it('answers the asker at once, then posts the aging chart by region in the channel, uploaded first', async () => {
    const from = stack.api.calls.length;
    const res = await sendCommand(stack, f, f.people.manager, 'report aging by region chart', { channelId: 'CREPORT' });
    expect(res.status).toBe(200);
    await stack.slack.settled();
    expect(JSON.stringify(stack.api.calls.slice(from).filter((c) => c.method === 'response_url' || c.method === 'chat.postEphemeral')))
      .toContain('Drawing the chart');
    await rt.processOutbox();
    const d = await sent('CREPORT');
    expect(d.kind).toBe('report_chart');
    const calls = stack.api.calls.slice(from).filter((c) => uploadCalls.includes(c.method) || (c.method === 'chat.postMessage' && c.body.channel === 'CREPORT'));
    expect(calls.map((c) => c.method)).toEqual([...uploadCalls, 'chat.postMessage']);
    const image = blocksOf(calls[3]!).find((b) => b.type === 'image');
    expect(image.slack_file).toEqual({ id: d.image_id });
    // The words say what the picture shows, for notifications and screen readers.
    expect(JSON.stringify(calls[3]!.body)).toContain('Aging by region');
    expect(image.alt_text).toMatch(/91–180 days/);
  });

  it('refuses a chart of the provision with the usage, and records nothing', async () => {
    const before = await t.db.selectFrom('case_events').select('id').where('org_id', '=', f.orgId).where('type', '=', 'report.chart_requested').execute();
    const from = stack.api.calls.length;
    await sendCommand(stack, f, f.people.manager, 'report provision chart', { channelId: 'CREPORT2' });
    await stack.slack.settled();
    expect(JSON.stringify(stack.api.calls.slice(from))).toContain('/ar report aging|kpi|provision');
    const after = await t.db.selectFrom('case_events').select('id').where('org_id', '=', f.orgId).where('type', '=', 'report.chart_requested').execute();
    expect(after).toHaveLength(before.length);
  });
});
