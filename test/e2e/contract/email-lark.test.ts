// Email to a customer through the lark adapter.
import { emailContract } from './email.contract.js';
import { larkDriver } from './lark-driver.js';

emailContract((opts) => larkDriver(opts));
