// The legal track through the lark adapter.
import { legalContract } from './legal.contract.js';
import { larkDriver } from './lark-driver.js';

legalContract(larkDriver);
