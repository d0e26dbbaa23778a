// The console as a chat platform: every post, update, thread reply and direct message is printed.
import { mkdir, writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Action, Form, Message } from '../../src/chat/message.js';
import type { ChatFile, ChatImage, ChatPort, MessageRef } from '../../src/chat/port.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderConsole, sanitize } from './render.js';

export interface Choice { action: Action; source: MessageRef }

export class ConsolePort implements ChatPort {
  readonly platform = 'console' as const;
  readonly capabilities = { forms: 'prompt' as const, ephemeral: true, updateWindowMs: null };
  /** Buttons shown so far, by the number printed beside them. */
  readonly choices = new Map<number, Choice>();
  /** Forms waiting to be filled by the session. */
  readonly pendingForms: Form[] = [];
  private nextChoice = 1;
  private nextId = 1;

  /**
   * A terminal shows no pictures: with `imageDir`, a chart is written there as a PNG and its post
   * shows the file's path beside the alt text; without, the alt text alone (no uploadImage).
   */
  readonly uploadImage?: (channelId: string, image: ChatImage) => Promise<string>;

  /** Files sent to people are written under `filesDir` (default .duebot/files in the working directory). */
  constructor(private readonly out: Writable, private readonly colour: boolean, private readonly filesDir = path.join(process.cwd(), '.duebot', 'files'),
    opts: { imageDir?: string } = {}) {
    const dir = opts.imageDir;
    if (dir) {
      this.uploadImage = async (_channelId, image) => {
        await mkdir(dir, { recursive: true });
        const file = path.resolve(dir, `${this.nextId++}-${path.basename(image.filename)}`);
        await writeFile(file, image.png);
        return file;
      };
    }
  }

  /** The console "sends" a file by writing it to disk and printing where. */
  async sendFile(externalUserId: string, file: ChatFile, message: Message): Promise<MessageRef> {
    mkdirSync(this.filesDir, { recursive: true });
    const where = path.join(this.filesDir, path.basename(file.filename));
    writeFileSync(where, file.bytes);
    const ref = await this.dm(externalUserId, message);
    this.out.write(`📎 ${sanitize(file.title)}: ${where}\n`);
    return ref;
  }

  async post(channelId: string, message: Message, opts: { threadOf?: MessageRef } = {}): Promise<MessageRef> {
    const ref: MessageRef = { platform: 'console', channelId, messageId: `m${this.nextId++}` };
    if (opts.threadOf) ref.threadId = opts.threadOf.threadId ?? opts.threadOf.messageId;
    const where = opts.threadOf ? `  ↳ thread of ${ref.threadId} in #${channelId}` : `#${channelId}`;
    this.print(`── ${where} · ${ref.messageId} ──`, message, ref);
    return ref;
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    this.print(`── ${ref.messageId} updated ──`, message, ref);
  }

  async dm(externalUserId: string, message: Message): Promise<MessageRef> {
    const ref: MessageRef = { platform: 'console', channelId: `dm:${externalUserId}`, messageId: `m${this.nextId++}` };
    this.print(`── ✉ to ${sanitize(externalUserId)} · ${ref.messageId} ──`, message, ref);
    return ref;
  }

  async ephemeral(channelId: string, externalUserId: string, message: Message): Promise<void> {
    const ref: MessageRef = { platform: 'console', channelId, messageId: `e${this.nextId++}` };
    this.print(`── only visible to ${sanitize(externalUserId)} ──`, message, ref);
  }

  async openForm(_trigger: string, form: Form): Promise<void> {
    this.pendingForms.push(form);
  }

  private print(header: string, message: Message, ref: MessageRef) {
    const { text, choices } = renderConsole(message, { colour: this.colour, firstChoice: this.nextChoice });
    for (const action of choices) this.choices.set(this.nextChoice++, { action, source: ref });
    this.out.write(`\n${header}\n${text}\n`);
  }
}
