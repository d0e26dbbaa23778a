// Every case event type raised and delivered on the Console adapter (events.contract.ts).
import { eventsContract } from './events.contract.js';
import { consoleDriver } from './console-driver.js';

eventsContract((opts) => consoleDriver(opts));
