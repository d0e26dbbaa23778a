// The Slack port's image upload against the fake Web API, through the real WebClient: the external
// upload flow in order, the post showing the file by its id, and the refusals Slack gives.
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { createSlackPort, type SlackPort } from '../../../../adapters/slack/slack-port.js';
import { PlatformError } from '../../../../jobs/platform-error.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../../support/fake-slack-api.js';

let api: FakeSlackApi;
let port: SlackPort;
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const image = { png, filename: 'aging.png', title: 'Aging', alt: 'Aging: 3 buckets overdue' };

beforeAll(async () => {
  api = await startFakeSlackApi();
  const client = new webApi.WebClient('xoxb-test', { slackApiUrl: api.url, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
  port = createSlackPort({ client, log: pino({ level: 'silent' }), mentions: async () => new Map() });
});
afterAll(async () => { await api.close(); });
beforeEach(() => { api.reset(); });

describe('Slack image upload', () => {
  it('gets an upload URL for the exact length, uploads, completes, and the post shows the file by its id', async () => {
    const fileId = await port.uploadImage!('C1', image);
    await port.post('C1', { summary: 'Digest', blocks: [{ type: 'section', text: 'Digest' }, { type: 'image', imageId: fileId, alt: image.alt }] });
    expect(api.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'file_upload', 'files.completeUploadExternal', 'chat.postMessage']);
    expect(api.calls[0]!.body).toMatchObject({ filename: 'aging.png', length: String(png.length) });
    expect(api.calls[1]!.body).toEqual({ file_id: fileId, bytes: png.length });
    expect(api.calls[2]!.body.files).toEqual([{ id: fileId, title: 'Aging' }]);
    expect(api.calls[3]!.body.blocks[1]).toEqual({ type: 'image', slack_file: { id: fileId }, alt_text: image.alt });
  });

  it('refuses a post showing a file that was never completed (the fake checks as Slack does)', async () => {
    await expect(port.post('C1', { summary: 'x', blocks: [{ type: 'image', imageId: 'F999999', alt: 'x' }] }))
      .rejects.toMatchObject({ code: 'permanent' });
  });

  it('turns a refused upload into a PlatformError and uploads nothing', async () => {
    api.fail('files.getUploadURLExternal', 'internal_error');
    const err = await port.uploadImage!('C1', image).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).code).toBe('transient');
    expect(api.callsTo('file_upload')).toHaveLength(0);
    expect(api.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });
});
