import { describe, expect, it } from 'vitest';
import { listSubscriptions, subscribe, unsubscribe } from '../../../src/services/subscriptions.js';
import { listTargets, setTarget } from '../../../src/services/targets.js';
import { testDatabase } from '../../support/db.js';
import { seedOrg } from './fixtures.js';

const t = testDatabase();
const INTERNAL = { kind: 'channel', external: false } as const;

describe('subscriptions', () => {
  it('upserts a channel subscription per kind and scope, and removes it', async () => {
    const org = await seedOrg(t.db);
    const a = await subscribe(t.db, org.manager, { platform: 'slack', channelId: 'C-AR', kind: 'digest', at: '9:30', place: INTERNAL });
    expect(a).toMatchObject({ status: 'subscribed', subscription: { kind: 'digest', at: '09:30', region: null, weekdays: [1, 2, 3, 4, 5] } });
    const b = await subscribe(t.db, org.finance, { platform: 'slack', channelId: 'C-AR', kind: 'digest', at: '08:00', place: INTERNAL });
    expect(b).toMatchObject({ status: 'updated', subscription: { id: a.subscription.id, at: '08:00' } });
    await subscribe(t.db, org.manager, { platform: 'slack', channelId: 'C-AR', kind: 'digest', region: 'east', place: INTERNAL });
    await subscribe(t.db, org.manager, { platform: 'lark', channelId: 'oc_legal', kind: 'legal' });
    expect((await listSubscriptions(t.db, org.orgId, 'digest')).map((s) => s.region)).toEqual([null, 'east']);
    expect(await listSubscriptions(t.db, org.orgId)).toHaveLength(3);
    expect(await unsubscribe(t.db, org.manager, { platform: 'slack', channelId: 'C-AR', kind: 'digest', region: 'east' }))
      .toEqual({ status: 'unsubscribed', removed: 1 });
    expect(await unsubscribe(t.db, org.manager, { platform: 'slack', channelId: 'C-AR', kind: 'digest', region: 'east' }))
      .toEqual({ status: 'not_subscribed', removed: 0 });
    expect((await listSubscriptions(t.db, org.orgId, 'digest')).map((s) => s.region)).toEqual([null]);
  });

  it('refuses sales subscribing a channel and a bad time', async () => {
    const org = await seedOrg(t.db);
    await expect(subscribe(t.db, org.sales, { platform: 'slack', channelId: 'C', kind: 'alerts' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(subscribe(t.db, org.manager, { platform: 'slack', channelId: 'C', kind: 'digest', at: '25:00', place: INTERNAL }))
      .rejects.toMatchObject({ code: 'invalid', detail: { field: 'at' } });
    expect(await listSubscriptions(t.db, org.orgId)).toEqual([]);
  });

  it('refuses a digest or KPI subscription in a channel shared with another organisation, or not checked (issue 9)', async () => {
    const org = await seedOrg(t.db);
    for (const kind of ['digest', 'kpi'] as const) {
      await expect(subscribe(t.db, org.manager, { platform: 'slack', channelId: 'C-EXT', kind, place: { kind: 'channel', external: true } }))
        .rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'shared_channel' } });
      await expect(subscribe(t.db, org.manager, { platform: 'lark', channelId: 'oc_x', kind }))
        .rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'unchecked_channel' } });
    }
    expect(await listSubscriptions(t.db, org.orgId)).toEqual([]);
    // Alerts and escalations are not the whole ledger; the console is the operator's own terminal.
    await subscribe(t.db, org.manager, { platform: 'slack', channelId: 'C-EXT', kind: 'escalations', place: { kind: 'channel', external: true } });
    await subscribe(t.db, org.manager, { platform: 'console', channelId: 'ar', kind: 'digest' });
    expect((await listSubscriptions(t.db, org.orgId)).map((s) => s.kind).sort()).toEqual(['digest', 'escalations']);
  });
});

describe('targets', () => {
  it('sets and replaces recovery targets per org, region and owner', async () => {
    const org = await seedOrg(t.db);
    expect(await setTarget(t.db, org.manager, { scope: 'org', value: '85', period: 'month' }))
      .toMatchObject({ status: 'set', previousValue: null, target: { scope: 'org', scopeValue: '', metric: 'recovery', value: '85', period: 'month' } });
    expect((await setTarget(t.db, org.manager, { scope: 'org', value: 90 })).previousValue).toBe('85');
    const owner = await setTarget(t.db, org.finance, { scope: 'owner', scopeValue: org.sales.email, value: '92.5', period: 'quarter' });
    expect(owner.target).toMatchObject({ scopeValue: String(org.sales.userId), owner: { id: org.sales.userId, name: 'Sam Sales' }, value: '92.5' });
    await setTarget(t.db, org.admin, { scope: 'region', scopeValue: 'east', value: '70' });
    expect((await listTargets(t.db, org.orgId)).map((x) => [x.scope, x.scopeValue, x.value])).toEqual([
      ['org', '', '90'], ['owner', String(org.sales.userId), '92.5'], ['region', 'east', '70'],
    ]);
  });

  it('sets targets on every metric and on a product line, each beside the others', async () => {
    const org = await seedOrg(t.db);
    await setTarget(t.db, org.manager, { scope: 'org', metric: 'collected', value: '1200000.50' });
    await setTarget(t.db, org.manager, { scope: 'org', metric: 'dso', value: '45' });
    await setTarget(t.db, org.manager, { scope: 'org', metric: 'cei', value: '88' });
    await setTarget(t.db, org.manager, { scope: 'product', scopeValue: 'Pumps', metric: 'overdue', value: '300000', period: 'quarter' });
    await setTarget(t.db, org.manager, { scope: 'org', metric: 'recovery', value: '85' });
    expect((await listTargets(t.db, org.orgId)).map((x) => [x.scope, x.scopeValue, x.metric, x.value, x.period]).sort()).toEqual([
      ['org', '', 'cei', '88', 'month'], ['org', '', 'collected', '1200000.5', 'month'], ['org', '', 'dso', '45', 'month'],
      ['org', '', 'recovery', '85', 'month'], ['product', 'Pumps', 'overdue', '300000', 'quarter'],
    ]);
    // A DSO or an amount is not a percent: above 100 is fine there, and refused for the rates.
    await expect(setTarget(t.db, org.manager, { scope: 'org', metric: 'cei', value: '120' })).rejects.toMatchObject({ code: 'invalid', detail: { field: 'value' } });
    await expect(setTarget(t.db, org.manager, { scope: 'org', metric: 'collected', value: '10.123' })).rejects.toMatchObject({ code: 'invalid', detail: { field: 'value' } });
    await expect(setTarget(t.db, org.manager, { scope: 'product', metric: 'collected', value: '10' })).rejects.toMatchObject({ code: 'invalid', detail: { field: 'scopeValue' } });
  });

  it('refuses sales, a percent out of range and a region target without its region', async () => {
    const org = await seedOrg(t.db);
    await expect(setTarget(t.db, org.sales, { scope: 'org', value: '80' })).rejects.toMatchObject({ code: 'forbidden' });
    for (const value of ['0', '101', 'abc', '50.555']) {
      await expect(setTarget(t.db, org.manager, { scope: 'org', value })).rejects.toMatchObject({ code: 'invalid', detail: { field: 'value' } });
    }
    await expect(setTarget(t.db, org.manager, { scope: 'region', value: '80' })).rejects.toMatchObject({ code: 'invalid', detail: { field: 'scopeValue' } });
    expect(await listTargets(t.db, org.orgId)).toEqual([]);
  });
});
