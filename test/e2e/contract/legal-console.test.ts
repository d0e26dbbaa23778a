// The legal track through the console adapter.
import { legalContract } from './legal.contract.js';
import { consoleDriver } from './console-driver.js';

legalContract(consoleDriver);
