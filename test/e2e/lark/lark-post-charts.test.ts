// Issue 13, done when (Lark): the digest and the KPI post carry their chart through the delivery
// pipeline against the fake Open API — the image uploaded to im/v1/images first, then the card
// showing it by its image_key, the text still there; a refused upload still posts the text card;
// a send whose answer was lost is neither posted nor uploaded twice.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createJobsRuntime, type JobsRuntime } from '../../../jobs/index.js';
import { TODAY } from '../../integration/services/fixtures.js';
import { testDatabase } from '../../support/db.js';
import { eventually } from '../slack/slack-fixture.js';
import { cardText, nodes, sentCards, startLarkWorld, type LarkOrg, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;
let rt: JobsRuntime;
let org: LarkOrg;

beforeAll(async () => {
  w = await startLarkWorld(t.db);
  rt = createJobsRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: `{duebot-t-${randomUUID().slice(0, 8)}}`,
    ports: { lark: w.adapter.port }, log: pino({ level: 'silent' }), maintenance: false });
  await rt.start();
  org = await w.newOrg();
}, 60_000);
afterAll(async () => { await rt?.stop(); await w?.close(); });

async function queuePost(kind: 'digest' | 'kpi', chatId: string) {
  const sub = await t.db.insertInto('channel_subscriptions').values({ org_id: org.orgId, platform: 'lark', channel_id: chatId, kind,
    region: null, product: null, at_time: null }).returning('id').executeTakeFirstOrThrow();
  await rt.delivery.enqueue([{ orgId: org.orgId, platform: 'lark', channelId: chatId, kind, subscriptionId: sub.id, localDate: TODAY,
    dedupeKey: `${kind}:${sub.id}:${TODAY}` }]);
}

const sent = (chatId: string) => eventually(async () => {
  const d = await t.db.selectFrom('deliveries').selectAll().where('org_id', '=', org.orgId).where('channel_id', '=', chatId).executeTakeFirst();
  return d?.status === 'sent' ? d : null;
}, 60_000);

const images = (card: unknown) => nodes(card).filter((n) => n.tag === 'img');

describe('charts in the scheduled posts (Lark)', () => {
  it('uploads the digest\'s aging chart to im/v1/images, then sends the card showing its image_key, text and all', async () => {
    const from = w.fake.calls.length;
    await queuePost('digest', 'oc_digest_1');
    const d = await sent('oc_digest_1');
    const calls = w.fake.calls.slice(from).filter((c) => c.endpoint === 'image' || (c.endpoint === 'create' && c.body.receive_id === 'oc_digest_1'));
    expect(calls.map((c) => c.endpoint)).toEqual(['image', 'create']);
    expect(calls[0]!.body.image_type).toBe('message');
    expect(calls[0]!.body.image).toMatchObject({ png: true });
    const card = calls[1]!.card!;
    const [img, ...others] = images(card);
    expect(others).toHaveLength(0);
    expect(img.img_key).toBe(d.image_id);
    expect(String(img.alt?.content ?? '')).toMatch(/^Aging structure · .*91–180 days/);
    expect(cardText(card)).toContain('Acme Trading');
  });

  it('sends the KPI card with its 12-week trend', async () => {
    const from = w.fake.calls.length;
    await queuePost('kpi', 'oc_kpi_1');
    const d = await sent('oc_kpi_1');
    const calls = w.fake.calls.slice(from).filter((c) => c.endpoint === 'image' || (c.endpoint === 'create' && c.body.receive_id === 'oc_kpi_1'));
    expect(calls.map((c) => c.endpoint)).toEqual(['image', 'create']);
    expect(images(calls[1]!.card)[0]?.img_key).toBe(d.image_id);
    expect(cardText(calls[1]!.card)).toMatch(/DSO/);
  });

  it('sends the text card when Lark refuses the upload', async () => {
    w.fake.fail('image', 234011, { status: 400, msg: 'Can\'t recognise image format' });
    await queuePost('digest', 'oc_digest_2');
    const d = await sent('oc_digest_2');
    const cards = sentCards(w.fake.calls, { chatId: 'oc_digest_2' });
    expect(cards).toHaveLength(1);
    expect(images(cards[0]!.card)).toHaveLength(0);
    expect(cardText(cards[0]!.card)).toContain('Acme Trading');
    expect(d.image_id).toBeNull();
    const notices = await t.db.selectFrom('reminders').select('id').where('org_id', '=', org.orgId).where('kind', '=', 'delivery_failed').execute();
    expect(notices).toHaveLength(0);
  });

  it('does not send or upload again when the send\'s answer was lost (same uuid, same image)', async () => {
    const from = w.fake.calls.length;
    w.fake.drop('create', 1);
    await queuePost('digest', 'oc_digest_3');
    const d = await sent('oc_digest_3');
    const calls = w.fake.calls.slice(from);
    expect(calls.filter((c) => c.endpoint === 'image')).toHaveLength(1);
    const creates = calls.filter((c) => c.endpoint === 'create' && c.body.receive_id === 'oc_digest_3');
    expect(creates.length).toBe(2);
    expect(new Set(creates.map((c) => c.body.uuid)).size).toBe(1);
    for (const c of creates) expect(images(c.card)[0]?.img_key).toBe(d.image_id);
    expect([...w.fake.messages.values()].filter((m) => m.chatId === 'oc_digest_3')).toHaveLength(1);
  });
});

describe('/ar report … chart (Lark)', () => {
  it('posts the KPI trend in the chat it was asked in: image uploaded, then the card showing it', async () => {
    const from = w.fake.calls.length;
    const r = await w.say(org, 'manager', 'report kpi chart');
    expect(r.status).toBe(200);
    await rt.processOutbox();
    const d = await sent(org.alert.chatId);
    expect(d.kind).toBe('report_chart');
    const calls = w.fake.calls.slice(from).filter((c) => c.endpoint === 'image' || (c.endpoint === 'create' && c.body.receive_id === org.alert.chatId));
    expect(calls.map((c) => c.endpoint)).toEqual(['image', 'create']);
    expect(images(calls[1]!.card)[0]?.img_key).toBe(d.image_id);
    expect(cardText(calls[1]!.card)).toMatch(/12-week trend/);
    // The asker was told at once that it is coming.
    expect(JSON.stringify(w.fake.calls.slice(from, from + 10))).toContain('Drawing the chart');
  });
});
