// Issue 9, past one machine: REDIS_CLUSTER=true says REDIS_URL names one node of a Redis Cluster
// (DESIGN.md "Next batch"); checked at start with one line naming what is wrong.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('Redis configuration', () => {
  it('is one Redis unless REDIS_CLUSTER says otherwise', () => {
    expect(loadConfig({ REDIS_URL: 'redis://10.0.0.5:6379' }).REDIS_CLUSTER).toBe(false);
    expect(loadConfig({ REDIS_URL: 'redis://10.0.0.5:6379', REDIS_CLUSTER: 'true' }).REDIS_CLUSTER).toBe(true);
    expect(loadConfig({ REDIS_URL: 'redis://10.0.0.5:6379', REDIS_CLUSTER: '1' }).REDIS_CLUSTER).toBe(true);
    expect(loadConfig({ REDIS_URL: 'redis://10.0.0.5:6379', REDIS_CLUSTER: 'false' }).REDIS_CLUSTER).toBe(false);
    expect(loadConfig({ REDIS_CLUSTER: '' }).REDIS_CLUSTER).toBe(false);
  });

  it('refuses REDIS_CLUSTER without REDIS_URL, naming the variable and the form it wants', () => {
    expect(() => loadConfig({ REDIS_CLUSTER: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_CLUSTER: 'true' })).toThrow(/^REDIS_URL: expected one node of the Redis Cluster with REDIS_CLUSTER=true, such as redis:\/\//);
  });

  it('refuses a REDIS_CLUSTER that is not true or false', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://10.0.0.5:6379', REDIS_CLUSTER: 'yes' })).toThrow(/^REDIS_CLUSTER: expected true or false/);
  });
});
