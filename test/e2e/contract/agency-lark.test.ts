// A collection agency hand-off through the lark adapter.
import { agencyContract } from './agency.contract.js';
import { larkDriver } from './lark-driver.js';

agencyContract(larkDriver);
