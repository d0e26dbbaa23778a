// What Lark's Open API accepts as an interactive card, checked the way Lark checks it, so the fake
// refuses what Lark would refuse. Sources (each rule names the page it comes from):
//   [json2]   Card JSON 2.0 structure: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-structure
//             (`schema: "2.0"`; `config`, `header`, `body.elements`; a card holds at most 200
//             components; 2.0 cards are shared cards, `update_multi` true)
//   [comp]    The 2.0 components: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/
//             (markdown, hr, column_set/column, button, form, input, select_static, date_picker:
//             their tags and attributes; 1.0-only tags such as `note` and `action` are refused)
//   [md]      Card markdown: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/content-components/rich-text
//             (`<at id=open_id></at>` mentions a person; an id Lark does not know refuses the card)
//   [create]  Send message: https://open.feishu.cn/document/server-docs/im-v1/message/create
//             (the card body is at most 30 KB: 230025; a refused card is 230099 with a sub-code
//             in `msg`: "Failed to create card content, ext=ErrCode: …; ErrMsg: …")
// The fake answers 230099 with the sub-code 100290 for an unknown mention (as Lark does) and the
// catch-all sub-code 200000 for anything else refused (Lark's own sub-codes there vary; duebot only
// branches on 11310 and 100290, jobs/platform-error.ts).

export interface LarkRefusal { code: number; msg: string; errors: string[] }

/** [create] the request body of a card message. */
export const CARD_MAX_BYTES = 30 * 1024;
/** [json2] components in one card. */
export const CARD_MAX_COMPONENTS = 200;

const LOCALES = new Set(['zh_cn', 'en_us', 'ja_jp', 'zh_hk', 'zh_tw']);
const TEMPLATES = new Set(['blue', 'wathet', 'turquoise', 'green', 'yellow', 'orange', 'red', 'carmine', 'violet', 'purple', 'indigo', 'grey', 'default']);
const BUTTON_TYPES = new Set(['default', 'primary', 'danger', 'text', 'primary_text', 'danger_text', 'primary_filled', 'danger_filled', 'laser']);
const COMMON = ['tag', 'element_id', 'margin'];

/** [comp] each 2.0 tag duebot may send, with the attributes Lark knows for it. */
const TAGS: Record<string, string[]> = {
  markdown: [...COMMON, 'content', 'i18n_content', 'text_size', 'text_align', 'icon', 'href'],
  hr: [...COMMON],
  div: [...COMMON, 'text', 'icon', 'fields'],
  column_set: [...COMMON, 'columns', 'flex_mode', 'horizontal_spacing', 'horizontal_align', 'background_style', 'action'],
  column: [...COMMON, 'elements', 'width', 'weight', 'vertical_spacing', 'vertical_align', 'horizontal_align', 'background_style', 'padding', 'direction'],
  button: [...COMMON, 'text', 'type', 'behaviors', 'confirm', 'name', 'form_action_type', 'width', 'size', 'disabled', 'icon', 'hover_tips', 'disabled_tips'],
  form: [...COMMON, 'name', 'elements', 'direction', 'padding', 'vertical_spacing'],
  input: [...COMMON, 'name', 'required', 'placeholder', 'default_value', 'input_type', 'rows', 'max_length', 'label', 'label_position', 'width', 'disabled', 'show_icon', 'auto_resize', 'max_rows'],
  select_static: [...COMMON, 'name', 'required', 'placeholder', 'options', 'initial_option', 'width', 'disabled', 'type'],
  date_picker: [...COMMON, 'name', 'required', 'placeholder', 'initial_date', 'width', 'disabled'],
  img: [...COMMON, 'img_key', 'alt', 'title', 'scale_type', 'size', 'corner_radius', 'preview'],
};
const IN_FORM_ONLY = new Set(['input', 'select_static', 'date_picker']);

class Check {
  readonly errors: string[] = [];
  components = 0;
  readonly mentions: string[] = [];
  fail(path: string, what: string): void { this.errors.push(`${path}: ${what}`); }
  keys(o: Record<string, unknown>, allowed: string[], path: string): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(`${path}.${k}`, 'unknown attribute');
  }
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function i18n(c: Check, v: unknown, path: string): void {
  if (v === undefined) return;
  if (!isObject(v)) return c.fail(path, 'must be an object of locale → text');
  for (const [k, s] of Object.entries(v)) {
    if (!LOCALES.has(k)) c.fail(`${path}.${k}`, 'unknown locale');
    if (typeof s !== 'string') c.fail(`${path}.${k}`, 'must be a string');
    else markdownMentions(c, s);
  }
}

/** [comp] a text object: plain_text or lark_md, with content. */
function text(c: Check, v: unknown, path: string, required = true): void {
  if (v === undefined) { if (required) c.fail(path, 'missing required field'); return; }
  if (!isObject(v)) return c.fail(path, 'must be a text object');
  if (v.tag !== 'plain_text' && v.tag !== 'lark_md') c.fail(`${path}.tag`, 'must be plain_text or lark_md');
  if (typeof v.content !== 'string') c.fail(`${path}.content`, 'missing required field');
  else if (v.tag === 'lark_md') markdownMentions(c, v.content);
  i18n(c, v.i18n_content, `${path}.i18n_content`);
  c.keys(v, ['tag', 'content', 'i18n_content', 'text_size', 'text_color', 'text_align', 'lines'], path);
}

/** [md] `<at id=…></at>`, `<at user_id=…>`, `<at email=…>`: collected, checked by the caller. */
function markdownMentions(c: Check, s: string): void {
  for (const m of s.matchAll(/<at\s+(?:id|user_id|open_id)\s*=\s*"?([^\s">]+)"?\s*>/g)) c.mentions.push(m[1]!);
}

function elements(c: Check, v: unknown, path: string, inForm: boolean): void {
  if (!Array.isArray(v)) return c.fail(path, 'must be an array of components');
  v.forEach((e, i) => element(c, e, `${path}[${i}]`, inForm));
}

function element(c: Check, e: unknown, path: string, inForm: boolean): void {
  c.components++;
  if (!isObject(e)) return c.fail(path, 'must be a component object');
  const allowed = TAGS[String(e.tag)];
  if (!allowed || e.tag === 'column') return c.fail(`${path}.tag`, `unknown or misplaced tag ${String(e.tag)} in card JSON 2.0`);
  c.keys(e, allowed, path);
  if (IN_FORM_ONLY.has(e.tag) && !inForm) c.fail(path, `${e.tag} must sit in a form`);
  switch (e.tag) {
    case 'markdown':
      if (typeof e.content !== 'string') c.fail(`${path}.content`, 'missing required field');
      else markdownMentions(c, e.content);
      i18n(c, e.i18n_content, `${path}.i18n_content`);
      if (e.text_size !== undefined && !['normal', 'heading', 'notation', 'xxxx-large', 'xxx-large', 'xx-large', 'x-large', 'large', 'medium', 'small', 'x-small', 'normal_v2', 'heading-0', 'heading-1', 'heading-2', 'heading-3', 'heading-4', 'notation_v2'].includes(e.text_size)) c.fail(`${path}.text_size`, 'unknown size');
      return;
    case 'column_set':
      if (!Array.isArray(e.columns)) return c.fail(`${path}.columns`, 'must be an array');
      if (e.flex_mode !== undefined && !['none', 'stretch', 'flow', 'bisect', 'trisect'].includes(e.flex_mode)) c.fail(`${path}.flex_mode`, 'unknown mode');
      e.columns.forEach((col: unknown, i: number) => {
        const at = `${path}.columns[${i}]`;
        c.components++;
        if (!isObject(col) || col.tag !== 'column') return c.fail(at, 'must be a column');
        c.keys(col, TAGS.column!, at);
        if (col.width !== undefined && !['auto', 'weighted'].includes(col.width) && !/^\d+px$/.test(String(col.width))) c.fail(`${at}.width`, 'must be auto, weighted or Npx');
        if (col.width === 'weighted' && col.weight !== undefined && !(Number.isInteger(col.weight) && col.weight >= 1 && col.weight <= 5)) c.fail(`${at}.weight`, 'must be 1–5');
        elements(c, col.elements ?? [], `${at}.elements`, inForm);
      });
      return;
    case 'button': {
      text(c, e.text, `${path}.text`);
      if (e.type !== undefined && !BUTTON_TYPES.has(e.type)) c.fail(`${path}.type`, 'unknown button type');
      if (e.behaviors !== undefined) {
        if (!Array.isArray(e.behaviors)) c.fail(`${path}.behaviors`, 'must be an array');
        else e.behaviors.forEach((b: any, i: number) => {
          if (!isObject(b) || !['callback', 'open_url'].includes(b.type)) c.fail(`${path}.behaviors[${i}].type`, 'must be callback or open_url');
          else if (b.type === 'callback' && b.value === undefined) c.fail(`${path}.behaviors[${i}].value`, 'missing required field');
        });
      }
      if (e.confirm !== undefined) {
        if (!isObject(e.confirm)) c.fail(`${path}.confirm`, 'must be an object');
        else { text(c, e.confirm.title, `${path}.confirm.title`); text(c, e.confirm.text, `${path}.confirm.text`); c.keys(e.confirm, ['title', 'text'], `${path}.confirm`); }
      }
      if (e.form_action_type !== undefined) {
        if (!inForm) c.fail(path, 'a submit button must sit in a form');
        if (!['submit', 'reset'].includes(e.form_action_type)) c.fail(`${path}.form_action_type`, 'must be submit or reset');
        if (typeof e.name !== 'string' || !e.name) c.fail(`${path}.name`, 'a form button needs a name');
      }
      return;
    }
    case 'form':
      if (inForm) c.fail(path, 'a form cannot sit in a form');
      if (typeof e.name !== 'string' || !e.name) c.fail(`${path}.name`, 'missing required field');
      elements(c, e.elements, `${path}.elements`, true);
      return;
    case 'input':
      if (typeof e.name !== 'string' || !e.name) c.fail(`${path}.name`, 'missing required field');
      if (e.placeholder !== undefined) text(c, e.placeholder, `${path}.placeholder`);
      if (e.input_type !== undefined && !['text', 'multiline_text', 'password'].includes(e.input_type)) c.fail(`${path}.input_type`, 'unknown input type');
      if (e.max_length !== undefined && !(Number.isInteger(e.max_length) && e.max_length >= 1 && e.max_length <= 1000)) c.fail(`${path}.max_length`, 'must be 1–1000');
      return;
    case 'select_static':
      if (typeof e.name !== 'string' || !e.name) c.fail(`${path}.name`, 'missing required field');
      if (e.placeholder !== undefined) text(c, e.placeholder, `${path}.placeholder`);
      if (!Array.isArray(e.options) || e.options.length === 0) c.fail(`${path}.options`, 'must hold at least one option');
      else e.options.forEach((o: any, i: number) => {
        if (!isObject(o) || typeof o.value !== 'string') return c.fail(`${path}.options[${i}]`, 'needs text and a string value');
        text(c, o.text, `${path}.options[${i}].text`);
      });
      if (e.initial_option !== undefined && !(Array.isArray(e.options) && e.options.some((o: any) => o?.value === e.initial_option))) c.fail(`${path}.initial_option`, 'must be one of the options');
      return;
    case 'date_picker':
      if (typeof e.name !== 'string' || !e.name) c.fail(`${path}.name`, 'missing required field');
      if (e.placeholder !== undefined) text(c, e.placeholder, `${path}.placeholder`);
      if (e.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(e.initial_date))) c.fail(`${path}.initial_date`, 'must be YYYY-MM-DD');
      return;
    default:
      return;
  }
}

/**
 * What Lark would answer a card with: undefined when it is accepted, else the code and `msg`.
 * `knownOpenIds`: the people the tenant has (null: any id is taken, for tests that do not say).
 */
export function larkCardRefusal(contentJson: string, knownOpenIds: ReadonlySet<string> | null): LarkRefusal | undefined {
  // [create] the 30 KB limit is on the request body's content.
  const bytes = Buffer.byteLength(JSON.stringify({ content: contentJson }), 'utf8');
  if (bytes > CARD_MAX_BYTES) return { code: 230025, msg: `The message is too long: ${bytes} bytes > ${CARD_MAX_BYTES}`, errors: ['card over 30 KB'] };
  let card: unknown;
  try { card = JSON.parse(contentJson); } catch { return { code: 230001, msg: 'invalid request parameter: content is not JSON', errors: ['content is not JSON'] }; }
  const c = new Check();
  if (!isObject(card)) c.fail('card', 'must be an object');
  else {
    // [json2] 2.0 only: a 1.0 card (no schema, top-level `elements`) is not what duebot renders.
    if (card.schema !== '2.0') c.fail('schema', 'must be "2.0"');
    c.keys(card, ['schema', 'config', 'header', 'body', 'card_link'], 'card');
    if (card.config !== undefined) {
      if (!isObject(card.config)) c.fail('config', 'must be an object');
      else {
        c.keys(card.config, ['update_multi', 'width_mode', 'summary', 'locales', 'streaming_mode', 'streaming_config', 'enable_forward', 'enable_forward_interaction', 'style', 'use_custom_translation'], 'config');
        // [json2] "JSON 2.0 only supports shared cards": update_multi false is refused.
        if (card.config.update_multi === false) c.fail('config.update_multi', 'JSON 2.0 cards are shared: must be true');
        if (card.config.width_mode !== undefined && !['compact', 'fill', 'default'].includes(card.config.width_mode)) c.fail('config.width_mode', 'unknown mode');
        if (card.config.locales !== undefined && !(Array.isArray(card.config.locales) && card.config.locales.every((l: unknown) => LOCALES.has(String(l))))) c.fail('config.locales', 'unknown locale');
        if (card.config.summary !== undefined) {
          if (!isObject(card.config.summary) || typeof card.config.summary.content !== 'string') c.fail('config.summary', 'must be { content }');
          else i18n(c, card.config.summary.i18n_content, 'config.summary.i18n_content');
        }
      }
    }
    if (card.header !== undefined) {
      if (!isObject(card.header)) c.fail('header', 'must be an object');
      else {
        c.keys(card.header, ['title', 'subtitle', 'template', 'icon', 'text_tag_list', 'padding'], 'header');
        text(c, card.header.title, 'header.title');
        if (card.header.subtitle !== undefined) text(c, card.header.subtitle, 'header.subtitle');
        if (card.header.template !== undefined && !TEMPLATES.has(card.header.template)) c.fail('header.template', 'unknown colour');
      }
    }
    if (!isObject(card.body)) c.fail('body', 'missing required field');
    else {
      c.keys(card.body, ['elements', 'direction', 'padding', 'horizontal_spacing', 'vertical_spacing', 'horizontal_align', 'vertical_align'], 'body');
      elements(c, card.body.elements, 'body.elements', false);
    }
    if (c.components > CARD_MAX_COMPONENTS) c.fail('body', `${c.components} components > ${CARD_MAX_COMPONENTS}`);
  }
  if (c.errors.length) {
    return { code: 230099, msg: `Failed to create card content, ext=ErrCode: 200000; ErrMsg: ${c.errors.slice(0, 3).join('; ')}; `, errors: c.errors };
  }
  // [md] one unknown person refuses the whole card.
  const unknown = knownOpenIds ? c.mentions.filter((id) => id !== 'all' && !knownOpenIds.has(id)) : [];
  if (unknown.length) {
    return { code: 230099, msg: 'Failed to create card content, ext=ErrCode: 100290; ErrMsg: there is an invalid user resource (at/person) in your card; ErrorValue: ou_***; ', errors: unknown.map((id) => `unknown mention ${id}`) };
  }
  return undefined;
}
