// Every case event type raised and delivered on the Lark adapter (events.contract.ts).
import { eventsContract } from './events.contract.js';
import { larkDriver } from './lark-driver.js';

eventsContract((opts) => larkDriver(opts));
