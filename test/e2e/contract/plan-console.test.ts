// Instalment plans through the console adapter.
import { planContract } from './plan.contract.js';
import { consoleDriver } from './console-driver.js';

planContract(consoleDriver);
