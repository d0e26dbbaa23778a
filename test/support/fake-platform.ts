// A generic fake chat platform at the network edge: a ChatPort that records every call and
// enforces a per-channel and a per-app limit over a sliding one-second window, answering a call
// over either limit the way the platforms do (429 with Retry-After → PlatformError
// 'rate_limited'). Failures can be scripted per channel (a 429 with Retry-After: 2, an archived
// channel…).
import type { Form, Locale, Message } from '../../src/chat/message.js';
import type { ChatFile, ChatPort, MessageRef, PlatformName, PortCapabilities } from '../../src/chat/port.js';
import { PlatformError } from '../../jobs/platform-error.js';

export interface FakeCall {
  op: 'post' | 'update' | 'dm' | 'ephemeral' | 'file';
  /** The file sent with op 'file'. */
  file?: ChatFile;
  channelId: string;
  message: Message;
  ref?: MessageRef;
  threadOf?: MessageRef;
  at: number;
}

export interface FakePlatformOptions {
  platform?: PlatformName;
  /** Calls allowed per channel (or DM) per window; default unlimited. */
  perChannel?: number;
  /** Calls allowed per app per window; default unlimited. */
  perApp?: number;
  windowMs?: number;
  /** Simulated network time of each call. */
  latencyMs?: number;
}

export class FakePlatform implements ChatPort {
  readonly platform: PlatformName;
  readonly capabilities: PortCapabilities = { forms: 'modal', ephemeral: true, updateWindowMs: null };
  readonly calls: FakeCall[] = [];
  /** Calls refused for going over a limit (each answered 429). */
  rejected = 0;
  private readonly windowMs: number;
  private readonly app: number[] = [];
  private readonly channels = new Map<string, number[]>();
  private readonly scripted = new Map<string, PlatformError[]>();
  private readonly broken = new Map<string, string>();
  private nextId = 1;

  constructor(private readonly opts: FakePlatformOptions = {}) {
    this.platform = opts.platform ?? 'slack';
    this.windowMs = opts.windowMs ?? 1000;
  }

  /** The next `times` calls to `channelId` fail with `err` (e.g. a 429 with retryAfterMs 2000). */
  failNext(channelId: string, err: PlatformError, times = 1): void {
    const list = this.scripted.get(channelId) ?? [];
    for (let i = 0; i < times; i++) list.push(err);
    this.scripted.set(channelId, list);
  }

  /** Every call to `channelId` fails for good with `reason` (archived, bot removed…). */
  breakChannel(channelId: string, reason: string): void {
    this.broken.set(channelId, reason);
  }

  posts(channelId?: string): FakeCall[] {
    return this.calls.filter((c) => (c.op === 'post') && (channelId === undefined || c.channelId === channelId));
  }

  dms(userId?: string): FakeCall[] {
    return this.calls.filter((c) => c.op === 'dm' && (userId === undefined || c.channelId === `@${userId}`));
  }

  updates(): FakeCall[] {
    return this.calls.filter((c) => c.op === 'update');
  }

  async post(channelId: string, message: Message, opts: { threadOf?: MessageRef; locale?: Locale } = {}): Promise<MessageRef> {
    await this.admit(channelId);
    const ref: MessageRef = { platform: this.platform, channelId, messageId: `${Date.now()}.${this.nextId++}` };
    if (opts.threadOf) ref.threadId = opts.threadOf.threadId ?? opts.threadOf.messageId;
    this.calls.push({ op: 'post', channelId, message, ref, ...(opts.threadOf ? { threadOf: opts.threadOf } : {}), at: Date.now() });
    return ref;
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    await this.admit(ref.channelId);
    this.calls.push({ op: 'update', channelId: ref.channelId, message, ref, at: Date.now() });
  }

  async dm(externalUserId: string, message: Message): Promise<MessageRef> {
    const channelId = `@${externalUserId}`;
    await this.admit(channelId);
    const ref: MessageRef = { platform: this.platform, channelId: `D-${externalUserId}`, messageId: `${Date.now()}.${this.nextId++}` };
    this.calls.push({ op: 'dm', channelId, message, ref, at: Date.now() });
    return ref;
  }

  async sendFile(externalUserId: string, file: ChatFile, message: Message): Promise<MessageRef> {
    const channelId = `@${externalUserId}`;
    await this.admit(channelId);
    const ref: MessageRef = { platform: this.platform, channelId: `D-${externalUserId}`, messageId: `${Date.now()}.${this.nextId++}` };
    this.calls.push({ op: 'file', channelId, message, ref, file, at: Date.now() });
    return ref;
  }

  async ephemeral(channelId: string, _user: string, message: Message): Promise<void> {
    await this.admit(channelId);
    this.calls.push({ op: 'ephemeral', channelId, message, at: Date.now() });
  }

  async openForm(_trigger: string, _form: Form): Promise<void> {}

  private async admit(channelId: string): Promise<void> {
    if (this.opts.latencyMs) await new Promise((r) => setTimeout(r, this.opts.latencyMs));
    const broken = this.broken.get(channelId);
    if (broken) throw new PlatformError('permanent', broken);
    const scripted = this.scripted.get(channelId);
    if (scripted?.length) throw scripted.shift()!;
    const now = Date.now();
    const ch = this.channels.get(channelId) ?? [];
    this.channels.set(channelId, ch);
    prune(ch, now - this.windowMs);
    prune(this.app, now - this.windowMs);
    const overChannel = this.opts.perChannel !== undefined && ch.length >= this.opts.perChannel;
    const overApp = this.opts.perApp !== undefined && this.app.length >= this.opts.perApp;
    if (overChannel || overApp) {
      this.rejected++;
      const oldest = overChannel ? ch[0]! : this.app[0]!;
      throw new PlatformError('rate_limited', overApp && !overChannel ? 'app_rate_limited' : 'ratelimited', oldest + this.windowMs - now);
    }
    ch.push(now);
    this.app.push(now);
  }
}

function prune(log: number[], before: number): void {
  let i = 0;
  while (i < log.length && log[i]! <= before) i++;
  if (i) log.splice(0, i);
}
