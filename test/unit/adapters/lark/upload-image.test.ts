// The Lark client's image upload against the fake Open API, through the real SDK: multipart to
// im/v1/images with image_type=message, the key in a card's img element, and Lark's refusals.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { LarkApi } from '../../../../adapters/lark/api.js';
import { isPlatformError } from '../../../../jobs/platform-error.js';
import { startFakeLarkApi, type FakeLarkApi } from '../../../support/fake-lark-api.js';

const log = pino({ level: 'silent' });
let fake: FakeLarkApi;
let api: LarkApi;
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

beforeAll(async () => { fake = await startFakeLarkApi(); });
afterAll(async () => { await fake.close(); });
beforeEach(() => {
  fake.reset();
  api = new LarkApi({ appId: 'cli_test', appSecret: 'secret', domain: fake.url, log });
});

const cardWith = (key: string) => ({ schema: '2.0', body: { elements: [{ tag: 'markdown', content: 'Digest' }, { tag: 'img', img_key: key, alt: { tag: 'plain_text', content: 'Aging' } }] } });

describe('Lark image upload', () => {
  it('uploads the PNG as a message image and a card shows it by its image_key', async () => {
    const key = await api.uploadImage(png);
    expect(key).toMatch(/^img_v3_fake_/);
    const [upload] = fake.callsTo('image');
    expect(upload!.body).toEqual({ image_type: 'message', image: { bytes: png.length, png: true } });
    expect(String(upload!.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    await api.sendCard('oc_group', cardWith(key));
    expect(fake.callsTo('create')[0]!.card!.body.elements[1]).toMatchObject({ tag: 'img', img_key: key });
  });

  it('refuses a card showing an image that was never uploaded', async () => {
    const e = await api.sendCard('oc_group', cardWith('img_v3_unknown')).catch((x: unknown) => x);
    expect(isPlatformError(e) && e.code).toBe('permanent');
  });

  it('refuses what is not an image, as Lark does', async () => {
    const e = await api.uploadImage(Buffer.from('not a png')).catch((x: unknown) => x);
    expect(isPlatformError(e)).toBe(true);
    expect(fake.callsTo('image')).toHaveLength(1);
  });
});
