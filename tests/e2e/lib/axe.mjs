// axe-core in the page (WCAG 2.1 A/AA; evaluated through the DevTools protocol, which the app's
// Content-Security-Policy does not block as it blocks an inline <script>), failing with a readable list on any violation; and the
// reflow check of WCAG 1.4.10 (nothing scrolls sideways, no button or chip leaves its container).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the page as it is now; throws listing every violation (`what` names the state). */
export async function checkA11y(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_TAGS,
  );
  if (result.violations.length === 0) return;
  const lines = result.violations.map((v) => {
    const targets = v.nodes.map((n) => `      ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`);
    return `  ${v.id} (${v.impact}): ${v.help}\n${targets.join('\n')}`;
  });
  throw new Error(`axe: ${result.violations.length} violation(s) on ${what}:\n${lines.join('\n')}`);
}

/**
 * Reflow: the page does not scroll sideways, and no button, chip or choice sticks out of its
 * parent or off the viewport. Returns nothing; throws with the offending elements.
 */
export async function checkReflow(page, what) {
  const problems = await page.evaluate(() => {
    const out = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push(`page scrolls sideways: scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}`);
    const describe = (el) =>
      `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} «${(el.textContent || '').trim().slice(0, 30)}»`;
    for (const el of document.querySelectorAll('button, .btn, .chip, .choice, a.btn, input, select, textarea')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (el.closest('.sr-only')) continue;
      if (box.right > root.clientWidth + 0.5 || box.left < -0.5) out.push(`${describe(el)} off-screen (${Math.round(box.left)}…${Math.round(box.right)} of ${root.clientWidth})`);
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'auto') out.push(`${describe(el)} content overflows (${el.scrollWidth} > ${el.clientWidth})`);
      // A date field's text lives in the browser's own parts, which scrollWidth does not see:
      // it must be wide enough for "00/00/0000" in its own font, its padding and the calendar button.
      if (el.tagName === 'INPUT' && el.type === 'date') {
        const style = getComputedStyle(el);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const fontSize = parseFloat(style.fontSize);
        const needed = ctx.measureText('00/00/0000').width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 1.2 * fontSize;
        if (el.clientWidth + 1 < needed) out.push(`${describe(el)} too narrow for a date (${el.clientWidth} < ${Math.ceil(needed)} px)`);
      }
      const parent = el.parentElement;
      if (parent) {
        const p = parent.getBoundingClientRect();
        if (box.right > p.right + 1 || box.left < p.left - 1) out.push(`${describe(el)} overflows its container ${describe(parent)} by ${Math.round(Math.max(box.right - p.right, p.left - box.left))}px`);
      }
    }
    return out;
  });
  if (problems.length) throw new Error(`reflow on ${what}:\n  ${problems.join('\n  ')}`);
}
