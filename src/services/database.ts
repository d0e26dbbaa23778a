// The database handle as the layers outside src/services see it: adapters and the chat layer pass
// it to services and never query it themselves (eslint layer rules, issue 8).
export type { Db } from '../store/connection.js';
