// Issue 11: email leaves through a real SMTP conversation. A real smtp-server on loopback receives
// it; mailparser reads what arrived; the hashes of the bytes we sent match what came out.
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailHashes, sha256Hex } from '../../../../src/services/email/email-hashes.js';
import { createMailer, messageIdDomain, type OutgoingEmail } from '../../../../src/services/email/mailer.js';
import { startSmtpSink, type SmtpSink } from '../../../../src/services/email/smtp-sink.js';

let sink: SmtpSink;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'duebot-outbox-'));
  sink = await startSmtpSink({ dir });
});
afterAll(async () => { await sink?.close(); await rm(dir, { recursive: true, force: true }); });

const pdf = Buffer.from('%PDF-1.4\n% not really a PDF, but bytes: \u0000\u00ff\n', 'latin1');
const email = (to: string[], id: string): OutgoingEmail => ({
  messageId: `<${id}@ar.example.com>`, to, replyTo: 'owner@example.com',
  subject: '付款提醒 · Payment reminder — 华东机电 (C0001)',
  text: '尊敬的客户：\n\n您有 2 张发票已逾期。\nTotal: ¥ 12,345.60\n',
  html: '<!doctype html><html><body><p>尊敬的客户：</p>\n<p>Total: ¥ 12,345.60 &amp; more</p></body></html>',
  attachments: [{ filename: 'reminder-C0001-2026-11-23.pdf', contentType: 'application/pdf', data: pdf }],
});

describe('the SMTP mailer', () => {
  it('sends a message that arrives with the same bytes, Message-ID, Reply-To and attachment', async () => {
    const mailer = createMailer({ url: sink.url, from: 'duebot AR <ar@example.com>' });
    const m = email(['billing@customer.example'], 'm1');
    const before = sink.messages.length;   // the other tests send through the same sink
    const outcome = await mailer.send(m);
    mailer.close();
    expect(outcome).toMatchObject({ status: 'accepted', rejected: [] });
    const got = (await sink.waitFor(before + 1))[before];
    expect(got!.to).toEqual(['billing@customer.example']);
    expect(got!.from).toBe('ar@example.com');
    const parsed = await simpleParser(got!.raw);
    expect(parsed.messageId).toBe('<m1@ar.example.com>');
    expect(parsed.subject).toBe(m.subject);
    expect(parsed.replyTo?.text).toBe('owner@example.com');
    const sent = emailHashes(m);
    expect(sha256Hex(parsed.html as string)).toBe(sent.html);
    expect(sha256Hex(parsed.text!)).toBe(sent.text);
    expect(parsed.attachments.map((a) => ({ filename: a.filename, sha256: sha256Hex(a.content), bytes: a.content.length })))
      .toEqual(sent.attachments);
    // The sink keeps it as an .eml file, byte for byte.
    expect(got!.file).not.toBeNull();
    expect((await readFile(got!.file!)).equals(got!.raw)).toBe(true);
  });

  it('reports a 5yz refusal as rejected and a 4yz one as transient', async () => {
    sink.refuse('nobody@customer.example', 550);
    sink.refuse('busy@customer.example', 451);
    const mailer = createMailer({ url: sink.url, from: 'ar@example.com' });
    const before = sink.messages.length;
    expect(await mailer.send(email(['nobody@customer.example'], 'm2'))).toMatchObject({ status: 'rejected', code: 550 });
    expect(await mailer.send(email(['busy@customer.example'], 'm3'))).toMatchObject({ status: 'transient', code: 451 });
    // One good recipient and one refused: the message goes, the refusal is reported.
    const partial = await mailer.send(email(['ok@customer.example', 'nobody@customer.example'], 'm4'));
    expect(partial).toMatchObject({ status: 'accepted', rejected: ['nobody@customer.example'] });
    mailer.close();
    expect(sink.messages.length).toBe(before + 1);
  });

  it('reports a server that is not there as transient', async () => {
    const mailer = createMailer({ url: 'smtp://127.0.0.1:1', from: 'ar@example.com', timeoutMs: 2000 });
    expect(await mailer.send(email(['a@b.example'], 'm5'))).toMatchObject({ status: 'transient' });
    mailer.close();
  });

  it('mints Message-IDs in the sender\'s domain', () => {
    expect(messageIdDomain('duebot AR <AR@Example.com>')).toBe('example.com');
    expect(messageIdDomain('ar@mail.example.cn')).toBe('mail.example.cn');
    expect(messageIdDomain('nonsense')).toBe('duebot.local');
  });
});
