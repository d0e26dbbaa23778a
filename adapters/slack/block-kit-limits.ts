// Block Kit's published limits (docs.slack.dev/reference/block-kit), and a checker the renderer's
// tests and the adapter use: Slack rejects a whole message (`invalid_blocks`) when one is broken.
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,          // modals and the App Home tab
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  actionsElements: 25,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalSubmit: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
  placeholder: 150,
  selectOptions: 100,
  optionText: 75,
  optionValue: 75,
  plainTextInput: 3000,
} as const;

/** Each limit a payload breaks, as readable lines (empty: within limits). */
export function blockKitViolations(payload: { blocks?: unknown[]; attachments?: { blocks?: unknown[] }[] }, maxBlocks: number = LIMITS.messageBlocks): string[] {
  const out: string[] = [];
  const all = [...(payload.blocks ?? []), ...(payload.attachments ?? []).flatMap((a) => a.blocks ?? [])] as any[];
  if (all.length > maxBlocks) out.push(`${all.length} blocks > ${maxBlocks}`);
  const len = (t: any) => (typeof t?.text === 'string' ? t.text.length : 0);
  all.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    switch (b.type) {
      case 'header':
        if (len(b.text) > LIMITS.headerText) out.push(`${at}: header text ${len(b.text)} > ${LIMITS.headerText}`);
        break;
      case 'section':
        if (len(b.text) > LIMITS.sectionText) out.push(`${at}: text ${len(b.text)} > ${LIMITS.sectionText}`);
        if ((b.fields?.length ?? 0) > LIMITS.sectionFields) out.push(`${at}: ${b.fields.length} fields > ${LIMITS.sectionFields}`);
        for (const f of b.fields ?? []) if (len(f) > LIMITS.fieldText) out.push(`${at}: field text ${len(f)} > ${LIMITS.fieldText}`);
        if (!b.text && !(b.fields?.length)) out.push(`${at}: empty section`);
        break;
      case 'context':
        if ((b.elements?.length ?? 0) > LIMITS.contextElements) out.push(`${at}: ${b.elements.length} elements > ${LIMITS.contextElements}`);
        for (const e of b.elements ?? []) if (len(e) > LIMITS.contextText) out.push(`${at}: element text ${len(e)} > ${LIMITS.contextText}`);
        break;
      case 'actions': {
        if ((b.elements?.length ?? 0) > LIMITS.actionsElements) out.push(`${at}: ${b.elements.length} elements > ${LIMITS.actionsElements}`);
        for (const e of b.elements ?? []) {
          if (len(e.text) > LIMITS.buttonText) out.push(`${at}: button text ${len(e.text)} > ${LIMITS.buttonText}`);
          if ((e.value?.length ?? 0) > LIMITS.buttonValue) out.push(`${at}: button value ${e.value.length} > ${LIMITS.buttonValue}`);
          if ((e.action_id?.length ?? 0) > LIMITS.actionId) out.push(`${at}: action_id too long`);
          if (e.confirm && len(e.confirm.title) > LIMITS.confirmTitle) out.push(`${at}: confirm title too long`);
          if (e.confirm && len(e.confirm.text) > LIMITS.confirmText) out.push(`${at}: confirm text too long`);
          // The confirmation dialog object requires all four texts.
          if (e.confirm && !(len(e.confirm.confirm) && len(e.confirm.deny))) out.push(`${at}: confirm dialog without confirm/deny`);
          if (e.confirm && (len(e.confirm.confirm) > LIMITS.confirmButton || len(e.confirm.deny) > LIMITS.confirmButton)) out.push(`${at}: confirm/deny text too long`);
        }
        break;
      }
      default:
        break;
    }
  });
  const ids = all.flatMap((b) => (b.type === 'actions' ? b.elements.map((e: any) => e.action_id) : []));
  if (new Set(ids).size !== ids.length) out.push('duplicate action_id');
  return out;
}
