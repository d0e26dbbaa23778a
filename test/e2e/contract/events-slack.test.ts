// Every case event type raised and delivered on the Slack adapter (events.contract.ts).
import { eventsContract } from './events.contract.js';
import { slackDriver } from './slack-driver.js';

eventsContract((opts) => slackDriver(opts));
