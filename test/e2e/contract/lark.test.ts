// The chat story through the Lark adapter: encrypted, signed events and card actions over HTTP to
// the real adapter and SDK, answers through the fake Lark Open API.
import { storyContract } from './story.contract.js';
import { larkDriver } from './lark-driver.js';

storyContract(larkDriver);
