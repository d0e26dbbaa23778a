// Email to a customer through the console adapter.
import { emailContract } from './email.contract.js';
import { consoleDriver } from './console-driver.js';

emailContract((opts) => consoleDriver(opts));
