// The chat story through the Slack adapter: signed slash commands and button clicks over HTTP to
// the real Bolt app, answers through the fake Slack Web API.
import { storyContract } from './story.contract.js';
import { slackDriver } from './slack-driver.js';

storyContract(slackDriver);
