import { describe, expect, it } from 'vitest';
import { normalizeSvg } from '../../../../src/services/charts/index.js';

describe('normalizeSvg', () => {
  it("renumbers zrender's process-wide ids in order of appearance, the same id the same way", () => {
    const a = '<path class="zr7-cls-41"/><clipPath id="zr7-c3"/><g clip-path="url(#zr7-c3)" class="zr7-cls-41"/><p class="zr7-cls-42"/>';
    const b = '<path class="zr0-cls-2"/><clipPath id="zr0-c0"/><g clip-path="url(#zr0-c0)" class="zr0-cls-2"/><p class="zr0-cls-9"/>';
    expect(normalizeSvg(a)).toBe(normalizeSvg(b));
    expect(normalizeSvg(a)).toBe('<path class="zr-cls-0"/><clipPath id="zr-c1"/><g clip-path="url(#zr-c1)" class="zr-cls-0"/><p class="zr-cls-2"/>');
  });
});
