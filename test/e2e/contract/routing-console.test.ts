// Every command routed through the console adapter.
import { routingContract } from './routing.contract.js';
import { consoleDriver } from './console-driver.js';

routingContract(consoleDriver);
