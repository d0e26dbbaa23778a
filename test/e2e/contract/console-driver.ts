// The console driver: the real terminal session (runConsoleSession) reading lines as a person types
// them, the real ConsolePort printing what the bot sends. Commands are `/ar …` lines, buttons are
// pressed by typing the number printed beside them, `:as <email>` switches person.
import { PassThrough } from 'node:stream';
import { ConsolePort } from '../../../adapters/console/console-port.js';
import { runConsoleSession } from '../../../adapters/console/session.js';
import type { Chat } from '../../../src/chat/chat.js';
import type { ButtonRequest, ChatRequest, ChatResponse } from '../../../src/chat/request.js';
import { createChat } from '../../../src/chat/router.js';
import { createLogger } from '../../../src/log.js';
import type { Db } from '../../../src/store/connection.js';
import { testDeliveries, type TestDeliveries } from '../../support/test-deliveries.js';
import { DEMO_SLUG, labelMatches, NOW, type Driver, type DriverOptions } from './driver.js';

const CHANNEL = 'ar-collections';

type Delivery = { kind: 'text'; req: ChatRequest; text: string } | { kind: 'button'; req: ButtonRequest };

export function consoleDriver(opts: DriverOptions = {}): Driver {
  let input: PassThrough;
  let session: Promise<void>;
  let port: ConsolePort;
  let chat: Chat;
  let deliveries: TestDeliveries;
  let printed = '';       // what the port printed: the bot's messages
  let echoed = '';        // what the session printed: echoed lines, "(now acting as …)"
  let sync = 0;
  let last: Delivery | undefined;

  /** Types `line`, then waits until the session has finished with it (it echoes the next line only then). */
  async function type(line: string): Promise<void> {
    const marker = `# contract sync ${++sync}`;
    const from = echoed.length;
    input.write(`${line}\n${marker}\n`);
    const deadline = Date.now() + 10_000;
    while (!echoed.includes(`\n${marker}\n`)) {
      if (Date.now() > deadline) throw new Error(`console session did not finish "${line}"; it printed:\n${echoed.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const err = /\nerror: .*/.exec(echoed.slice(from));
    if (err) throw new Error(`console session failed on "${line}": ${err[0].trim()}`);
    // What the command changed leaves through the delivery queue: done when nothing is left to send.
    await deliveries.settled();
  }

  return {
    platform: 'console',
    async setup(db: Db) {
      const out = new PassThrough();
      out.on('data', (c: Buffer) => { printed += c.toString(); });
      const sessionOut = new PassThrough();
      sessionOut.on('data', (c: Buffer) => { echoed += c.toString(); });
      port = new ConsolePort(out, false);
      deliveries = testDeliveries({ db, ports: { console: port }, now: () => NOW, ...(opts.mailer ? { mailer: opts.mailer } : {}) });
      await deliveries.start();
      const real = createChat({ db, log: createLogger('silent'), now: () => NOW, outbox: deliveries.outbox });
      // The same chat, remembering the last request the session made (for replay()).
      chat = {
        handleText: (req, text) => { last = { kind: 'text', req, text }; return real.handleText(req, text); },
        handleButton: (req) => { last = { kind: 'button', req }; return real.handleButton(req); },
        publishCaseUpdates: (ids) => real.publishCaseUpdates(ids),
      };
      input = new PassThrough();
      // The console has no workspace to link: the org is named by its slug.
      session = runConsoleSession({ chat, port, orgSlug: DEMO_SLUG, as: 'nobody@example.invalid', input, output: sessionOut,
        interactive: false, channelId: CHANNEL });
    },
    as: (email) => type(`:as ${email}`),
    command: (text) => type(`/ar ${text}`),
    async press(actionId, matcher) {
      const numbers = [...port.choices.entries()].filter(([, c]) => c.action.id === actionId && labelMatches(c.action.label, matcher));
      const choice = numbers.at(-1);
      if (!choice) throw new Error(`console: no button ${actionId} matching ${String(matcher)}`);
      await type(String(choice[0]));
    },
    async replay() {
      // A terminal has no transport that redelivers: the recorded request goes to the chat layer
      // again, same idempotency key, and its answer is printed as the session prints answers.
      if (!last) throw new Error('console: nothing to replay');
      const res: ChatResponse = last.kind === 'text' ? await chat.handleText(last.req, last.text) : await chat.handleButton(last.req);
      if (res.reply) {
        if (res.reply.ephemeral) await port.ephemeral(CHANNEL, last.req.externalUserId, res.reply);
        else await port.post(CHANNEL, res.reply);
      }
      await chat.publishCaseUpdates(res.changedCaseIds);
      await deliveries.settled();
    },
    transcript: () => printed,
    get deliveries() { return deliveries; },
    async teardown() {
      input?.end();
      await session;
      await deliveries?.stop();
    },
  };
}
