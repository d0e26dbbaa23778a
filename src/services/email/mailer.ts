// Email out through SMTP (issue 11): nodemailer on SMTP_URL, from SMTP_FROM. One message per call,
// no pool and no retries of nodemailer's own: the delivery queue retries (jobs/delivery), and the
// outcome is a typed status the caller records. The SMTP answer decides it (RFC 5321 §4.2.1): a 2yz
// reply to DATA means the server took the message; 5yz is a permanent refusal (the address does not
// exist, the message is refused) that no retry will change; 4yz and a dropped connection are
// transient.
import nodemailer from 'nodemailer';

export interface OutgoingAttachment { filename: string; contentType: string; data: Buffer }

export interface OutgoingEmail {
  /** Generated and recorded before the first try, so a retry sends the same message (RFC 5322 §3.6.4). */
  messageId: string;
  to: string[];
  replyTo?: string | null;
  subject: string;
  text: string;
  html: string;
  attachments: OutgoingAttachment[];
}

export type SmtpOutcome =
  /** The server took it (2yz after DATA). `rejected`: recipients refused while others were taken. */
  | { status: 'accepted'; response: string; rejected: string[] }
  /** 5yz: refused for good. */
  | { status: 'rejected'; code: number; response: string }
  /** 4yz, a timeout, a dropped connection: try again later. */
  | { status: 'transient'; code: number | null; response: string };

export interface Mailer {
  /** The address messages come from (SMTP_FROM). */
  readonly from: string;
  /** SMTP_REPLY_TO when set (else the case owner's address is used). */
  readonly replyTo: string | null;
  send(email: OutgoingEmail): Promise<SmtpOutcome>;
  close(): void;
}

export interface MailerOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. */
  url: string;
  from: string;
  replyTo?: string | null;
  /** Connection and greeting timeouts (default 30 s). */
  timeoutMs?: number;
}

/** The domain a Message-ID is minted in: SMTP_FROM's (RFC 5322 §3.6.4 asks for a unique right side). */
export function messageIdDomain(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from);
  return m?.[1]?.toLowerCase() ?? 'duebot.local';
}

export function createMailer(opts: MailerOptions): Mailer {
  const timeout = opts.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport(opts.url, {
    // The default of 10 minutes per socket would hold a delivery worker.
    connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout * 2,
  } as never);
  return {
    from: opts.from,
    replyTo: opts.replyTo ?? null,
    async send(email) {
      try {
        const info = await transport.sendMail({
          from: opts.from, to: email.to, ...(email.replyTo ? { replyTo: email.replyTo } : {}),
          subject: email.subject, text: email.text, html: email.html, messageId: email.messageId,
          attachments: email.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.data })),
        });
        const rejected = ((info.rejected ?? []) as (string | { address: string })[]).map((r) => (typeof r === 'string' ? r : r.address));
        return { status: 'accepted', response: String(info.response ?? ''), rejected };
      } catch (e) {
        const err = e as { responseCode?: number; response?: string; message?: string; code?: string };
        const code = typeof err.responseCode === 'number' ? err.responseCode : null;
        const response = (err.response ?? err.message ?? String(e)).slice(0, 500);
        if (code !== null && code >= 500 && code < 600) return { status: 'rejected', code, response };
        return { status: 'transient', code, response: err.code ? `${err.code}: ${response}` : response };
      }
    },
    close() { transport.close(); },
  };
}
