// A collection agency hand-off through the console adapter.
import { agencyContract } from './agency.contract.js';
import { consoleDriver } from './console-driver.js';

agencyContract(consoleDriver);
