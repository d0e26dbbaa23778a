// What Slack's Web API accepts, checked the way Slack checks it, so the fake refuses what Slack
// would refuse. Sources (read 2026-11; each rule below names the page it comes from):
//   [blocks]   https://docs.slack.dev/reference/block-kit/blocks  (section, header, context, actions,
//              divider, image, input: required fields and limits; 50 blocks in a message, 100 in a view)
//   [comp]     https://docs.slack.dev/reference/block-kit/composition-objects  (text object,
//              confirmation dialog object: title, text, confirm, deny all required; option object)
//   [elements] https://docs.slack.dev/reference/block-kit/block-elements  (button, plain_text_input,
//              number_input, datepicker, static_select)
//   [post]     https://docs.slack.dev/reference/methods/chat.postMessage  (channel required; `text`
//              is the notification and accessibility fallback and is expected with blocks;
//              metadata = { event_type, event_payload }; errors invalid_blocks, invalid_arguments,
//              no_text, invalid_metadata_format)
//   [attach]   https://docs.slack.dev/messaging/formatting-message-text#secondary-attachments
//   [views]    https://docs.slack.dev/reference/views  (modal: title ≤24, submit/close ≤24, submit
//              required with input blocks, private_metadata ≤3000, callback_id ≤255)
// A refusal is `{ ok: false, error, errors: [...] }` with the first problems, like Slack's
// `response_metadata.messages`. Where Slack only warns (`missing_text_in_blocks`), the fake refuses:
// a message without its fallback text is one screen readers and notifications cannot show.

export type SlackRefusal = { error: 'invalid_blocks' | 'invalid_arguments' | 'no_text' | 'invalid_metadata_format'; errors: string[] };

type Surface = 'message' | 'modal' | 'home';

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 }; // [blocks]

class Check {
  readonly errors: string[] = [];
  fail(path: string, what: string): void { this.errors.push(`${path}: ${what}`); }

  str(v: unknown, path: string, opts: { required?: boolean; max?: number; min?: number } = {}): v is string {
    if (v === undefined || v === null) { if (opts.required) this.fail(path, 'missing required field'); return false; }
    if (typeof v !== 'string') { this.fail(path, 'must be a string'); return false; }
    if (opts.max !== undefined && v.length > opts.max) this.fail(path, `must be at most ${opts.max} characters (is ${v.length})`);
    if (opts.min !== undefined && v.length < opts.min) this.fail(path, `must be at least ${opts.min} characters`);
    return true;
  }

  /** [comp] text object: `type` plain_text | mrkdwn, non-empty `text`; `emoji` only on plain_text, `verbatim` only on mrkdwn. */
  text(v: unknown, path: string, opts: { plainOnly?: boolean; max: number; required?: boolean }): void {
    if (v === undefined) { if (opts.required !== false) this.fail(path, 'missing required field'); return; }
    if (!isObject(v)) return this.fail(path, 'must be a text object');
    if (v.type !== 'plain_text' && v.type !== 'mrkdwn') return this.fail(`${path}.type`, `must be plain_text or mrkdwn (is ${String(v.type)})`);
    if (opts.plainOnly && v.type !== 'plain_text') this.fail(`${path}.type`, 'must be plain_text');
    if (this.str(v.text, `${path}.text`, { required: true, max: opts.max, min: 1 }) && v.text.trim() === '') this.fail(`${path}.text`, 'must not be blank');
    if (v.type === 'mrkdwn' && 'emoji' in v) this.fail(`${path}.emoji`, 'only plain_text takes emoji');
    if (v.type === 'plain_text' && 'verbatim' in v) this.fail(`${path}.verbatim`, 'only mrkdwn takes verbatim');
    this.fieldsAllowed(v, ['type', 'text', 'emoji', 'verbatim'], path);
  }

  fieldsAllowed(o: Record<string, unknown>, keys: string[], path: string): void {
    for (const k of Object.keys(o)) if (!keys.includes(k)) this.fail(`${path}.${k}`, 'unknown field');
  }
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** [comp] confirmation dialog object: all four texts required. */
function confirmDialog(c: Check, v: unknown, path: string): void {
  if (!isObject(v)) return c.fail(path, 'must be a confirmation dialog object');
  c.text(v.title, `${path}.title`, { plainOnly: true, max: 100 });
  c.text(v.text, `${path}.text`, { max: 300 });
  c.text(v.confirm, `${path}.confirm`, { plainOnly: true, max: 30 });
  c.text(v.deny, `${path}.deny`, { plainOnly: true, max: 30 });
  if (v.style !== undefined && v.style !== 'primary' && v.style !== 'danger') c.fail(`${path}.style`, 'must be primary or danger');
  c.fieldsAllowed(v, ['title', 'text', 'confirm', 'deny', 'style'], path);
}

/** [comp] option object (static_select: plain_text text ≤75, value ≤150). */
function option(c: Check, v: unknown, path: string): void {
  if (!isObject(v)) return c.fail(path, 'must be an option object');
  c.text(v.text, `${path}.text`, { plainOnly: true, max: 75 });
  c.str(v.value, `${path}.value`, { required: true, max: 150, min: 1 });
  c.fieldsAllowed(v, ['text', 'value', 'description', 'url'], path);
}

/** [elements] the interactive elements duebot uses, with their required fields and limits. */
function element(c: Check, e: unknown, path: string, where: 'actions' | 'input' | 'accessory', actionIds: string[]): void {
  if (!isObject(e)) return c.fail(path, 'must be an element object');
  if (e.action_id !== undefined) {
    if (c.str(e.action_id, `${path}.action_id`, { max: 255, min: 1 })) actionIds.push(e.action_id);
  }
  const placeholder = () => { if (e.placeholder !== undefined) c.text(e.placeholder, `${path}.placeholder`, { plainOnly: true, max: 150 }); };
  switch (e.type) {
    case 'button':
      if (where === 'input') return c.fail(`${path}.type`, 'a button cannot sit in an input block');
      c.text(e.text, `${path}.text`, { plainOnly: true, max: 75 });
      c.str(e.value, `${path}.value`, { max: 2000 });
      c.str(e.url, `${path}.url`, { max: 3000 });
      if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') c.fail(`${path}.style`, 'must be primary or danger');
      if (e.confirm !== undefined) confirmDialog(c, e.confirm, `${path}.confirm`);
      c.fieldsAllowed(e, ['type', 'text', 'action_id', 'value', 'url', 'style', 'confirm', 'accessibility_label'], path);
      return;
    case 'plain_text_input':
      if (where !== 'input') return c.fail(`${path}.type`, 'plain_text_input belongs in an input block');
      if (e.max_length !== undefined && (typeof e.max_length !== 'number' || e.max_length < 1 || e.max_length > 3000)) c.fail(`${path}.max_length`, 'must be 1–3000');
      if (e.min_length !== undefined && (typeof e.min_length !== 'number' || e.min_length < 0 || e.min_length > 3000)) c.fail(`${path}.min_length`, 'must be 0–3000');
      if (e.multiline !== undefined && typeof e.multiline !== 'boolean') c.fail(`${path}.multiline`, 'must be a boolean');
      if (c.str(e.initial_value, `${path}.initial_value`) && typeof e.max_length === 'number' && e.initial_value.length > e.max_length) c.fail(`${path}.initial_value`, 'longer than max_length');
      placeholder();
      c.fieldsAllowed(e, ['type', 'action_id', 'initial_value', 'multiline', 'min_length', 'max_length', 'placeholder', 'dispatch_action_config', 'focus_on_load'], path);
      return;
    case 'number_input':
      if (where !== 'input') return c.fail(`${path}.type`, 'number_input belongs in an input block');
      if (typeof e.is_decimal_allowed !== 'boolean') c.fail(`${path}.is_decimal_allowed`, 'missing required field');
      if (e.initial_value !== undefined && (typeof e.initial_value !== 'string' || !/^-?\d+(\.\d+)?$/.test(e.initial_value))) c.fail(`${path}.initial_value`, 'must be a number as a string');
      placeholder();
      c.fieldsAllowed(e, ['type', 'action_id', 'is_decimal_allowed', 'initial_value', 'min_value', 'max_value', 'placeholder', 'dispatch_action_config', 'focus_on_load'], path);
      return;
    case 'datepicker':
      if (e.initial_date !== undefined && (typeof e.initial_date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.initial_date))) c.fail(`${path}.initial_date`, 'must be YYYY-MM-DD');
      placeholder();
      if (e.confirm !== undefined) confirmDialog(c, e.confirm, `${path}.confirm`);
      c.fieldsAllowed(e, ['type', 'action_id', 'initial_date', 'placeholder', 'confirm', 'focus_on_load'], path);
      return;
    case 'static_select': {
      if (!Array.isArray(e.options) || e.options.length < 1 || e.options.length > 100) c.fail(`${path}.options`, 'must hold 1–100 options');
      (Array.isArray(e.options) ? e.options : []).forEach((o: unknown, i: number) => option(c, o, `${path}.options[${i}]`));
      if (e.initial_option !== undefined) {
        option(c, e.initial_option, `${path}.initial_option`);
        const same = (Array.isArray(e.options) ? e.options : []).some((o: any) => JSON.stringify(o) === JSON.stringify(e.initial_option));
        if (!same) c.fail(`${path}.initial_option`, 'must be one of the options');
      }
      placeholder();
      if (e.confirm !== undefined) confirmDialog(c, e.confirm, `${path}.confirm`);
      c.fieldsAllowed(e, ['type', 'action_id', 'options', 'option_groups', 'initial_option', 'placeholder', 'confirm', 'focus_on_load'], path);
      return;
    }
    default:
      c.fail(`${path}.type`, `unknown element type ${String(e.type)}`);
  }
}

/** [blocks] one block of a message or view. */
function block(c: Check, b: unknown, path: string, surface: Surface, actionIds: string[], blockIds: string[]): void {
  if (!isObject(b)) return c.fail(path, 'must be a block object');
  if (b.block_id !== undefined && c.str(b.block_id, `${path}.block_id`, { max: 255, min: 1 })) blockIds.push(b.block_id);
  switch (b.type) {
    case 'section':
      if (b.text === undefined && b.fields === undefined) c.fail(path, 'a section needs text or fields');
      if (b.text !== undefined) c.text(b.text, `${path}.text`, { max: 3000 });
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length < 1 || b.fields.length > 10) c.fail(`${path}.fields`, 'must hold 1–10 text objects');
        (Array.isArray(b.fields) ? b.fields : []).forEach((f: unknown, i: number) => c.text(f, `${path}.fields[${i}]`, { max: 2000 }));
      }
      if (b.accessory !== undefined) element(c, b.accessory, `${path}.accessory`, 'accessory', actionIds);
      c.fieldsAllowed(b, ['type', 'text', 'fields', 'accessory', 'block_id', 'expand'], path);
      return;
    case 'header':
      c.text(b.text, `${path}.text`, { plainOnly: true, max: 150 });
      c.fieldsAllowed(b, ['type', 'text', 'block_id'], path);
      return;
    case 'divider':
      c.fieldsAllowed(b, ['type', 'block_id'], path);
      return;
    case 'context':
      if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 10) c.fail(`${path}.elements`, 'must hold 1–10 elements');
      (Array.isArray(b.elements) ? b.elements : []).forEach((e: unknown, i: number) => {
        if (isObject(e) && e.type === 'image') { c.str(e.image_url, `${path}.elements[${i}].image_url`, { required: true }); c.str(e.alt_text, `${path}.elements[${i}].alt_text`, { required: true }); }
        else c.text(e, `${path}.elements[${i}]`, { max: 3000 });
      });
      c.fieldsAllowed(b, ['type', 'elements', 'block_id'], path);
      return;
    case 'actions':
      if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 25) c.fail(`${path}.elements`, 'must hold 1–25 elements');
      (Array.isArray(b.elements) ? b.elements : []).forEach((e: unknown, i: number) => element(c, e, `${path}.elements[${i}]`, 'actions', actionIds));
      c.fieldsAllowed(b, ['type', 'elements', 'block_id'], path);
      return;
    case 'input':
      if (surface === 'message') c.fail(`${path}.type`, 'input blocks are not allowed in messages');
      c.text(b.label, `${path}.label`, { plainOnly: true, max: 2000 });
      if (b.hint !== undefined) c.text(b.hint, `${path}.hint`, { plainOnly: true, max: 2000 });
      if (b.optional !== undefined && typeof b.optional !== 'boolean') c.fail(`${path}.optional`, 'must be a boolean');
      if (b.element === undefined) c.fail(`${path}.element`, 'missing required field');
      else element(c, b.element, `${path}.element`, 'input', []);
      c.fieldsAllowed(b, ['type', 'label', 'element', 'hint', 'optional', 'block_id', 'dispatch_action'], path);
      return;
    case 'image':
      // [blocks] image block: alt_text (≤2000) and exactly one of image_url or slack_file ({ id } or { url }); title optional.
      c.str(b.alt_text, `${path}.alt_text`, { required: true, max: 2000 });
      if ((b.image_url === undefined) === (b.slack_file === undefined)) c.fail(path, 'an image block needs exactly one of image_url or slack_file');
      if (b.image_url !== undefined) c.str(b.image_url, `${path}.image_url`, { max: 3000 });
      if (b.slack_file !== undefined && (!isObject(b.slack_file) || (typeof b.slack_file.id !== 'string' && typeof b.slack_file.url !== 'string'))) {
        c.fail(`${path}.slack_file`, 'must have an id or a url');
      }
      if (b.title !== undefined) c.text(b.title, `${path}.title`, { plainOnly: true, max: 2000 });
      c.fieldsAllowed(b, ['type', 'alt_text', 'image_url', 'slack_file', 'title', 'block_id'], path);
      return;
    default:
      c.fail(`${path}.type`, `unknown block type ${String(b.type)}`);
  }
}

function blocks(c: Check, v: unknown, path: string, surface: Surface): void {
  if (!Array.isArray(v)) return c.fail(path, 'must be an array of blocks');
  if (v.length > MAX_BLOCKS[surface]) c.fail(path, `no more than ${MAX_BLOCKS[surface]} items allowed (is ${v.length})`);
  const actionIds: string[] = [];
  const blockIds: string[] = [];
  v.forEach((b, i) => block(c, b, `${path}[${i}]`, surface, actionIds, blockIds));
  // [elements] action_id: "Should be unique among all other action_ids in the containing block";
  // Slack refuses duplicates across a message's blocks as well.
  if (new Set(actionIds).size !== actionIds.length) c.fail(path, 'action_id values must be unique');
  if (new Set(blockIds).size !== blockIds.length) c.fail(path, 'block_id values must be unique');
}

/** [attach] secondary attachments: colour, fallback, blocks (checked as message blocks). */
function attachments(c: Check, v: unknown, path: string): void {
  if (!Array.isArray(v)) return c.fail(path, 'must be an array');
  v.forEach((a, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(a)) return c.fail(at, 'must be an object');
    if (a.color !== undefined && !(typeof a.color === 'string' && /^(#[0-9a-fA-F]{6}|good|warning|danger)$/.test(a.color))) c.fail(`${at}.color`, 'must be a hex colour or good|warning|danger');
    if (a.blocks !== undefined) blocks(c, a.blocks, `${at}.blocks`, 'message');
  });
}

/** [post] metadata: `{ event_type: string, event_payload: object }`. */
function metadata(c: Check, v: unknown): void {
  const m = typeof v === 'string' ? safeJson(v) : v;
  if (!isObject(m) || typeof m.event_type !== 'string' || !m.event_type || !isObject(m.event_payload)) c.fail('metadata', 'must be { event_type, event_payload }');
}

const safeJson = (s: string): unknown => { try { return JSON.parse(s); } catch { return undefined; } };

/**
 * What Slack would answer `method` with these arguments: undefined when it accepts them, else
 * the refusal. Only the methods and fields duebot uses are checked; other methods pass.
 */
export function slackRefusal(method: string, body: Record<string, any>): SlackRefusal | undefined {
  const args = new Check();
  const content = new Check();
  const meta = new Check();
  const message = (opts: { needsChannel: boolean; needsTs?: boolean; needsUser?: boolean }) => {
    if (opts.needsChannel) args.str(body.channel, 'channel', { required: true, min: 1 });
    if (opts.needsTs) args.str(body.ts, 'ts', { required: true, min: 1 });
    if (opts.needsUser) args.str(body.user, 'user', { required: true, min: 1 });
    const hasBlocks = Array.isArray(body.blocks) && body.blocks.length > 0;
    const hasAttachments = Array.isArray(body.attachments) && body.attachments.length > 0;
    const hasText = typeof body.text === 'string' && body.text.trim() !== '';
    if (!hasText && !hasBlocks && !hasAttachments && method !== 'chat.update') return { error: 'no_text' as const, errors: ['text, blocks or attachments required'] };
    if (!hasText && (hasBlocks || hasAttachments)) args.fail('text', 'the fallback text is expected with blocks (missing_text_in_blocks)');
    if (typeof body.text === 'string' && body.text.length > 40_000) args.fail('text', 'longer than 40000 characters (msg_too_long)');
    if (body.blocks !== undefined) blocks(content, body.blocks, 'blocks', 'message');
    if (body.attachments !== undefined) attachments(content, body.attachments, 'attachments');
    if (body.metadata !== undefined) metadata(meta, body.metadata);
    return undefined;
  };
  let early: SlackRefusal | undefined;
  switch (method) {
    case 'chat.postMessage': early = message({ needsChannel: true }); break;
    case 'chat.update': early = message({ needsChannel: true, needsTs: true }); break;
    case 'chat.postEphemeral': early = message({ needsChannel: true, needsUser: true }); break;
    case 'response_url': early = message({ needsChannel: false }); break;
    case 'views.open':
    case 'views.update':
    case 'views.publish':
    case 'views.push': {
      if (method === 'views.open' || method === 'views.push') args.str(body.trigger_id, 'trigger_id', { required: true, min: 1 });
      if (method === 'views.publish') args.str(body.user_id, 'user_id', { required: true, min: 1 });
      const view = typeof body.view === 'string' ? safeJson(body.view) : body.view;
      if (!isObject(view)) { args.fail('view', 'missing required field'); break; }
      const surface: Surface = view.type === 'home' ? 'home' : 'modal';
      if (view.type !== 'modal' && view.type !== 'home') args.fail('view.type', 'must be modal or home');
      if (surface === 'modal') {
        content.text(view.title, 'view.title', { plainOnly: true, max: 24 });
        if (view.submit !== undefined) content.text(view.submit, 'view.submit', { plainOnly: true, max: 24 });
        if (view.close !== undefined) content.text(view.close, 'view.close', { plainOnly: true, max: 24 });
        const hasInput = Array.isArray(view.blocks) && view.blocks.some((b: any) => b?.type === 'input');
        if (hasInput && view.submit === undefined) content.fail('view.submit', 'required when the view has input blocks');
      }
      args.str(view.private_metadata, 'view.private_metadata', { max: 3000 });
      args.str(view.callback_id, 'view.callback_id', { max: 255 });
      blocks(content, view.blocks, 'view.blocks', surface);
      // Slack answers a broken view with invalid_arguments, naming the fields in response_metadata.
      if (content.errors.length) return { error: 'invalid_arguments', errors: [...args.errors, ...content.errors] };
      break;
    }
    default:
      return undefined;
  }
  if (early) return early;
  if (args.errors.length) return { error: 'invalid_arguments', errors: args.errors };
  if (meta.errors.length) return { error: 'invalid_metadata_format', errors: meta.errors };
  if (content.errors.length) return { error: 'invalid_blocks', errors: content.errors };
  return undefined;
}
