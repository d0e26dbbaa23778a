// The legal track through the slack adapter.
import { legalContract } from './legal.contract.js';
import { slackDriver } from './slack-driver.js';

legalContract(slackDriver);
