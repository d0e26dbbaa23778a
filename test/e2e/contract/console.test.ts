// The chat story through the console adapter (the terminal session and ConsolePort).
import { storyContract } from './story.contract.js';
import { consoleDriver } from './console-driver.js';

storyContract(consoleDriver);
