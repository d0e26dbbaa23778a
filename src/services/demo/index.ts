// The demo org and benchmark data (DESIGN.md: `duebot demo`, test/bench).
export { loadDemoOrg, DEMO_ORG_NAME, type LoadDemoOptions, type LoadDemoResult } from './load-demo-org.js';
export { writeDemoCsv, CSV_HEADERS, type DemoCsvOptions, type DemoCsvResult } from './generate-csv.js';
export { generateInvoiceRows, type GenerateOptions, type InvoiceRow, type PaymentRow } from './invoice-rows.js';
export { buildDemoPlan, DEMO_TIMEZONE, DEMO_CURRENCY, type DemoPlan } from './demo-plan.js';
export { DEMO_USERS, REGIONS, type DemoUser, type Region } from './demo-people.js';
export { PRODUCT_LINES, INDUSTRIES } from './demo-customers.js';
