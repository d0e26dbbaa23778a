// Instalment plans through the slack adapter.
import { planContract } from './plan.contract.js';
import { slackDriver } from './slack-driver.js';

planContract(slackDriver);
