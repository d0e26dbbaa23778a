// The contract between the chat story (story.contract.ts) and a platform: one small driver per
// adapter (console, Slack, Lark), each with the real adapter, the real router and services, a real
// PostgreSQL, the platform's fake API at the network edge and requests shaped and signed as the
// platform sends them. The story is written once against this interface (STYLE.md: "one contract
// suite, run for every adapter").
import type { Db } from '../../../src/store/connection.js';
import type { PlatformName } from '../../../src/chat/port.js';
import type { TestDeliveries } from '../../support/test-deliveries.js';
import type { Mailer } from '../../../src/services/email/mailer.js';

/** The demo org's day and the chat layer's clock: 11:00 in Shanghai on 2026-11-23. */
export const AS_OF = '2026-11-23';
export const NOW = new Date('2026-11-23T03:00:00Z');
export const DEMO_SLUG = 'demo';

/** What a story may add to a driver's jobs runtime: SMTP for messages to customers (issue 11). */
export interface DriverOptions { mailer?: Mailer }

export interface Driver {
  readonly platform: PlatformName;
  /** Starts the adapter on `db` (the demo org is loaded) and links the workspace / tenant to the demo org. */
  setup(db: Db): Promise<void>;
  /** Acts as this person of the demo org from now on (their platform identity, added if they have none). */
  as(email: string): Promise<void>;
  /** Types a command, words after `/ar` (`claim ACME`); resolves when the bot has done all it does for it. */
  command(text: string): Promise<void>;
  /**
   * Presses the button `actionId` on the last message that has one whose label matches `matcher`
   * (a substring or a pattern; any label when absent); resolves when the bot is done. Throws when
   * no message shows such a button.
   */
  press(actionId: string, matcher?: string | RegExp): Promise<void>;
  /** Delivers the last command or press again, exactly as before (a platform retry, a double delivery). */
  replay(): Promise<void>;
  /** Everything the bot sent so far, as plain text, oldest first (grows only). */
  transcript(): string;
  /** The delivery worker what the chat changes leaves through (after setup). */
  readonly deliveries: TestDeliveries;
  /** How many platform API calls carried this delivery id (Slack message metadata, Lark uuid); absent on the console. */
  callsFor?(deliveryId: string): number;
  teardown(): Promise<void>;
}

export function labelMatches(label: string, matcher: string | RegExp | undefined): boolean {
  if (matcher === undefined) return true;
  return typeof matcher === 'string' ? label.includes(matcher) : matcher.test(label);
}

/** The demo org's id (setup runs after loadDemoOrg). */
export async function demoOrgId(db: Db): Promise<number> {
  const org = await db.selectFrom('orgs').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirstOrThrow();
  return org.id;
}

/**
 * The person's id on `platform` from chat_identities; a person who has none there gets `make(n)`
 * linked first (the demo gives some people only Slack or only Lark).
 */
export async function platformIdentity(db: Db, platform: 'slack' | 'lark', email: string, make: (userId: number) => string): Promise<string> {
  const orgId = await demoOrgId(db);
  const user = await db.selectFrom('users').select('id').where('org_id', '=', orgId).where('email', '=', email).executeTakeFirst();
  if (!user) throw new Error(`no demo user ${email}`);
  const linked = await db.selectFrom('chat_identities').select('external_user_id').where('org_id', '=', orgId)
    .where('platform', '=', platform).where('user_id', '=', user.id).executeTakeFirst();
  if (linked) return linked.external_user_id;
  const id = make(user.id);
  await db.insertInto('chat_identities').values({ org_id: orgId, user_id: user.id, platform, external_user_id: id }).execute();
  return id;
}

/** An append-only log of what the bot sent, each entry a header line and its plain text. */
export class Transcript {
  private readonly entries: string[] = [];
  add(header: string, text: string): void {
    this.entries.push(`── ${header} ──\n${text.trim()}`);
  }
  toString(): string {
    return this.entries.join('\n\n');
  }
}
