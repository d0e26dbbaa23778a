// A collection agency hand-off through the slack adapter.
import { agencyContract } from './agency.contract.js';
import { slackDriver } from './slack-driver.js';

agencyContract(slackDriver);
