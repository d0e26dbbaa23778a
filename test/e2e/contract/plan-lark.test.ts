// Instalment plans through the lark adapter.
import { planContract } from './plan.contract.js';
import { larkDriver } from './lark-driver.js';

planContract(larkDriver);
