// Every command routed through the slack adapter.
import { routingContract } from './routing.contract.js';
import { slackDriver } from './slack-driver.js';

routingContract(slackDriver);
