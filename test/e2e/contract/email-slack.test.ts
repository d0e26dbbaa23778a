// Email to a customer through the slack adapter.
import { emailContract } from './email.contract.js';
import { slackDriver } from './slack-driver.js';

emailContract((opts) => slackDriver(opts));
