// Every command routed through the lark adapter.
import { routingContract } from './routing.contract.js';
import { larkDriver } from './lark-driver.js';

routingContract(larkDriver);
