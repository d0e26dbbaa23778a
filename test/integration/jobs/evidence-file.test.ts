// `/ar evidence` (issue 12): legal asks, the jobs build the PDF and send it privately, through the
// real Slack and Lark ports to the fake Web API and Open API: on Slack the message goes to the
// person's DM and the file is uploaded (files.getUploadURLExternal → upload → completeUploadExternal
// into that DM); on Lark the file is uploaded to im/v1/files and sent as a file message. The bytes
// received are the file whose SHA-256 the audit log holds; a salesperson is refused.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { startFakeLarkApi, type FakeLarkApi } from '../../support/fake-lark-api.js';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { createLarkAdapter } from '../../../adapters/lark/index.js';
import type { Chat } from '../../../src/chat/chat.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { actorByEmail } from '../../../src/services/identity.js';
import { requestEvidenceFile } from '../../../src/services/legal/request-evidence.js';
import { logRecord } from '../../../src/services/cases/index.js';
import { addCustomer, addInvoice, addUser, drained, makeRuntime, seedOrg, silent, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const noChat = {} as Chat;

describe('the evidence file, sent privately', () => {
  let slackApi: FakeSlackApi;
  let larkApi: FakeLarkApi;
  let rt: JobsRuntime;
  let orgId: number;

  beforeAll(async () => {
    slackApi = await startFakeSlackApi();
    larkApi = await startFakeLarkApi();
    const slack = createSlackAdapter({ chat: noChat, db: t.db, log: silent, locale: 'en-US',
      config: { signingSecret: 'sig', botToken: 'xoxb-test', apiUrl: slackApi.url } });
    const lark = createLarkAdapter({ chat: noChat, db: t.db, log: silent,
      config: { appId: 'cli_x', appSecret: 'secret', verificationToken: 'tok', encryptKey: 'enc-key', domain: larkApi.url, mode: 'http' } });
    orgId = await seedOrg(t.db, 'evidence-org');
    await addUser(t.db, orgId, { name: 'Guo', role: 'legal', slack: 'UGUO' });
    const guo = await t.db.selectFrom('users').select('id').where('org_id', '=', orgId).where('name', '=', 'Guo').executeTakeFirstOrThrow();
    await t.db.insertInto('chat_identities').values({ org_id: orgId, user_id: guo.id, platform: 'lark', external_user_id: 'ou_guo' }).execute();
    await addUser(t.db, orgId, { name: 'Lin', role: 'sales', slack: 'ULIN' });
    await addUser(t.db, orgId, { name: 'Wang', role: 'manager', slack: 'UWANG' });
    const cust = await addCustomer(t.db, orgId, { code: 'EVD' });
    await addInvoice(t.db, orgId, cust, { number: 'E-1', amount: 80_000_00n, dueOn: '2025-12-01' });
    rt = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: testPrefix(), ports: { slack: slack.port, lark: lark.port } });
    await rt.start();
    await rt.runAgingScan(orgId);
    await drained(t.db, orgId);
    const wang = await actorByEmail(t.db, orgId, 'wang@example.com');
    for (const text of ['demand letter one', '第二次催款函', 'demand letter three']) {
      await logRecord(t.db, wang, { customer: 'EVD', method: 'letter', text });
    }
  });
  afterAll(async () => { await rt?.stop(); await slackApi?.close(); await larkApi?.close(); });

  it('sends the PDF to the asker on Slack and on Lark, once each, matching the SHA-256 in the audit log', async () => {
    await requestEvidenceFile(t.db, await actorByEmail(t.db, orgId, 'guo@example.com'), { customer: 'EVD' }, { idempotencyKey: 'ev-1' });
    await requestEvidenceFile(t.db, await actorByEmail(t.db, orgId, 'guo@example.com'), { customer: 'EVD' }, { idempotencyKey: 'ev-1' });   // a retry
    await rt.processOutbox();
    await drained(t.db, orgId);

    const rows = await t.db.selectFrom('deliveries').select(['platform', 'status']).where('org_id', '=', orgId).where('kind', '=', 'evidence').orderBy('platform').execute();
    expect(rows).toEqual([{ platform: 'lark', status: 'sent' }, { platform: 'slack', status: 'sent' }]);
    const hashes = (await t.db.selectFrom('audit_log').select('detail').where('org_id', '=', orgId).where('action', '=', 'evidence.export').execute())
      .map((r) => (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail).sha256 as string);
    expect(hashes).toHaveLength(2);

    // Slack: the message in Guo's DM, the file uploaded and shared into its thread there.
    const dm = slackApi.callsTo('conversations.open').find((c) => String(c.body.users) === 'UGUO');
    expect(dm).toBeDefined();
    const upload = slackApi.callsTo('file_upload');
    expect(upload).toHaveLength(1);
    const pdf = upload[0]!.body.data as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(hashes).toContain(createHash('sha256').update(pdf).digest('hex'));
    const complete = slackApi.callsTo('files.completeUploadExternal')[0]!;
    const post = slackApi.callsTo('chat.postMessage').find((c) => JSON.stringify(c.body).includes('evidence file'));
    expect(post).toBeDefined();
    expect(complete.body.channel_id).toBe(post!.body.channel);
    expect(complete.body.thread_ts).toBeDefined();

    // Lark: uploaded to im/v1/files as a PDF and sent to Guo as a file message.
    const files = [...larkApi.files.values()];
    expect(files).toHaveLength(1);
    expect(files[0]!.type).toBe('pdf');
    expect(hashes).toContain(createHash('sha256').update(files[0]!.data).digest('hex'));
    const fileMessages = larkApi.callsTo('create').filter((c) => c.body.msg_type === 'file');
    expect(fileMessages.map((c) => c.body.receive_id)).toEqual(['ou_guo']);
    slackApi.assertNothingRefused();
    larkApi.assertNothingRefused();
  });

  it('refuses a salesperson, recording nothing', async () => {
    const before = await t.db.selectFrom('case_events').select('id').where('org_id', '=', orgId).where('type', '=', 'evidence.requested').execute();
    await expect(requestEvidenceFile(t.db, await actorByEmail(t.db, orgId, 'lin@example.com'), { customer: 'EVD' })).rejects.toMatchObject({ code: 'forbidden' });
    const after = await t.db.selectFrom('case_events').select('id').where('org_id', '=', orgId).where('type', '=', 'evidence.requested').execute();
    expect(after).toHaveLength(before.length);
  });
});
