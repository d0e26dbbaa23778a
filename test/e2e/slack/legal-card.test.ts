// A legal case's card on Slack (issue 12): it shows the litigation stage and the limitation period,
// and its "Next legal step" button opens a form whose submission moves the case on, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { interactiveBody, postSigned } from '../../support/slack-signing.js';
import { decideEscalation } from '../../../src/services/cases/index.js';
import { actorByEmail } from '../../../src/services/identity.js';
import { moveLegalStage } from '../../../src/services/legal/move-legal-stage.js';
import { addPerson, buttonPayload, click, eventually, SECRET, seedSlackOrg, sendCommand, startSlackStack, type Person, type SlackFixture, type SlackStack } from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;
let legal: Person;

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  legal = await addPerson(t.db, f.orgId, { slackId: 'ULEGAL1', name: 'Guo Qiang', email: 'guo@acme.example', role: 'legal' });
  await decideEscalation(t.db, await actorByEmail(t.db, f.orgId, f.people.manager.email), { escalationId: f.escalation.id, decision: 'approve' });
  await moveLegalStage(t.db, await actorByEmail(t.db, f.orgId, legal.email), { customer: 'PRL', stage: 'letter', note: 'lawyer letter by courier' });
  await t.db.updateTable('case_events').set({ processed_at: new Date() }).where('org_id', '=', f.orgId).execute();
  stack = await startSlackStack(t.db);
});
afterAll(async () => { await stack?.close(); });

const blocksOf = (c: { body: Record<string, unknown> }) => (typeof c.body.blocks === 'string' ? JSON.parse(c.body.blocks) : c.body.blocks) as any[] ?? [];

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the second step clicks the "next legal step"
// button the first step found on the case card.
describe('the legal case card', { shuffle: false }, () => {
  let button: { action_id: string; value: string };
  let view: any;

  it('shows the stage and the limitation period, and offers the next legal step', async () => {
    await sendCommand(stack, f, legal, 'case PRL', { channelId: 'CLEGAL' });
    const card = await eventually(() => stack.api.calls.find((c) => JSON.stringify(c.body).includes('Next legal step')));
    const text = JSON.stringify(card.body);
    expect(text).toContain('Legal stage: lawyer');
    expect(text).toMatch(/Limitation period: invoice INV-PRL ends on .* \(\d+ days left\)/);
    button = blocksOf(card).flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'legal');
    expect(button).toBeDefined();
  });

  it('opens a form offering only the stages ahead, and moves the case on its submission, once', async () => {
    const payload = buttonPayload(f, legal, { channelId: 'CLEGAL', ts: '1700000000.000900' }, { id: 'legal', value: button.value }, stack);
    await click(stack, payload);
    await stack.api.waitFor((c) => c.some((x) => x.method === 'views.open'));
    view = stack.api.callsTo('views.open')[0]!.body.view;
    const parsed = typeof view === 'string' ? JSON.parse(view) : view;
    expect(parsed).toMatchObject({ type: 'modal', callback_id: 'form:legal' });
    const stageBlock = parsed.blocks.find((b: any) => b.block_id === 'stage');
    const options = stageBlock.element.options.map((o: any) => o.value);
    expect(options).toEqual(['mediation', 'filed', 'preservation', 'judgment', 'enforcement', 'closed:recovered', 'closed:uncollectable']);

    const body = interactiveBody({
      type: 'view_submission', team: { id: f.teamId, domain: 'acme' }, user: { id: legal.slackId, team_id: f.teamId },
      api_app_id: 'AE2E', trigger_id: 'trig.view.legal', view: {
        ...parsed, id: 'VLEGAL1', team_id: f.teamId, hash: 'h1',
        state: { values: {
          stage: { value: { type: 'static_select', selected_option: { value: 'mediation' } } },
          note: { value: { type: 'plain_text_input', value: 'Mediation booked at the court <!channel>' } },
        } },
      },
    });
    expect((await postSigned(stack.url, SECRET, body)).status).toBe(200);
    await postSigned(stack.url, SECRET, body);   // Slack delivers it twice
    const moves = await eventually(async () => {
      const rows = await t.db.selectFrom('legal_moves').select(['stage']).where('org_id', '=', f.orgId).orderBy('id').execute();
      return rows.length === 2 ? rows : null;
    });
    await stack.slack.settled();
    expect(moves.map((m) => m.stage)).toEqual(['letter', 'mediation']);
    expect(await t.db.selectFrom('legal_moves').select('id').where('org_id', '=', f.orgId).execute()).toHaveLength(2);
    const rec = await t.db.selectFrom('collection_records').select('body').where('org_id', '=', f.orgId).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(rec.body).toBe('[mediation] Mediation booked at the court <!channel>');
  });
});
