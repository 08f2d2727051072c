// Walks a multi-step QuickPick / InputBox flow the way a person reads it: look at the prompt that is
// showing (title, placeholder, message), answer it, wait for the next prompt. The answers are keyed by
// what the prompt says, so the test states intent ("for the SSE-C key, generate a new one") rather than
// step numbers. An unexpected prompt fails the test and names it.
import type { Locator } from 'playwright-core';
import type { Workbench } from './workbench';

export type Answer =
  /** Pick the row whose label matches. */
  | { pick: string | RegExp }
  /** Replace the input's text and press Enter. */
  | { type: string }
  /** Press Enter on what is there (the default / prefilled value). */
  | { accept: true }
  /**
   * VS Code's own file dialog (files.simpleDialog.enable): type the path and press Enter. An Enter may only
   * take the dialog to the typed folder; the prompt then stays and is answered again (see answerPrompts).
   * A folder to choose ends with "/", so the dialog opens it instead of selecting an entry inside it.
   */
  | { path: string };

export interface PromptAnswer {
  /** Matched against "title | placeholder | message | value" of the prompt. */
  prompt: RegExp;
  answer: Answer;
}

/**
 * Which prompt is showing: its title and placeholder, "" when hidden. Not what changes while one prompt
 * shows (its validation message, the typed value, rows filtered by typing): waiting for any of those to
 * change once let the key-name prompt be answered a second time as it was closing.
 */
const PROMPT_IDENTITY_JS = `() => {
  const qi = document.querySelector('.quick-input-widget');
  if (!qi || qi.style.display === 'none' || !qi.offsetParent) return '';
  const input = qi.querySelector('input.input');
  return (qi.querySelector('.quick-input-title')?.textContent ?? '') + ' | ' + (input?.placeholder ?? '');
}`;

interface PromptState {
  text: string;
  signature: string;
}

async function promptState(wb: Workbench): Promise<PromptState | undefined> {
  const qi = wb.quickInput;
  if (!(await qi.isVisible())) return undefined;
  const part = async (l: Locator) => ((await l.count()) ? ((await l.first().textContent()) ?? '') : '');
  const title = await part(qi.locator('.quick-input-title'));
  const message = await part(qi.locator('.quick-input-message'));
  const input = qi.locator('input.input');
  const placeholder = (await input.getAttribute('placeholder')) ?? '';
  const value = await input.inputValue();
  const rows = (await wb.quickPickRows.allTextContents()).slice(0, 3).join(' / ');
  const text = [title, placeholder, message, value].join(' | ');
  return { text, signature: `${text} || ${rows}` };
}

/** Answers prompts until the quick input closes. Returns the prompts seen, for failure messages. */
export interface FlowOptions {
  /** What shows when the flow is done (e.g. a notification). Between steps the quick input may hide while
   * the extension works (listing buckets, ...), so "hidden" alone does not mean done. */
  until: Locator;
  /** Saves artifacts/e2e/<prefix>-<n>.png as each prompt shows. */
  screenshotPrefix?: string;
  maxSteps?: number;
}

export async function answerPrompts(wb: Workbench, answers: PromptAnswer[], opts: FlowOptions): Promise<string[]> {
  const maxSteps = opts.maxSteps ?? 15;
  const seen: string[] = [];
  for (let step = 0; step < maxSteps; step++) {
    // Either the next prompt or the end of the flow. Only what is visible counts: the hidden quick input
    // stays in the page, before a toast or a dialog, so `.first()` alone would wait for it forever.
    await wb.quickInput.or(opts.until).filter({ visible: true }).first().waitFor();
    if (await opts.until.isVisible()) return seen;
    const state = await promptState(wb);
    if (!state) {
      step--;
      continue;
    }
    const identity = await wb.page.evaluate<string>(`(${PROMPT_IDENTITY_JS})()`);
    seen.push(state.text);
    if (opts.screenshotPrefix) await wb.screenshot(`${opts.screenshotPrefix}-${step + 1}`);
    const match = answers.find((a) => a.prompt.test(state.text));
    if (!match) throw new Error(`no answer for the prompt "${state.text}"; prompts so far:\n${seen.join('\n')}`);
    const box = wb.quickInput.locator('input.input');
    if ('pick' in match.answer) {
      const label = match.answer.pick;
      await box.fill('');
      const row = wb.quickPickRows.filter({ has: wb.page.locator('.label-name', { hasText: label }) }).first();
      await row.waitFor();
      await row.click();
    } else if ('type' in match.answer || 'path' in match.answer) {
      await box.fill('type' in match.answer ? match.answer.type : match.answer.path);
      await box.press('Enter');
    } else {
      await box.press('Enter');
    }
    // Next prompt: the quick input either closes or shows another prompt (not this one re-validating).
    // A prompt that is still open and unchanged after a few seconds did not take the answer (the browser's
    // file dialog can swallow an Enter while it resolves the typed path): it is answered again on the next
    // turn. A prompt that is closing is never answered twice: it changes identity (to hidden) first.
    await wb.page
      .waitForFunction(`(${PROMPT_IDENTITY_JS})() !== ${JSON.stringify(identity)}`, undefined, { timeout: 5_000 })
      .catch(() => undefined);
  }
  throw new Error(`the flow did not end after ${maxSteps} prompts:\n${seen.join('\n')}`);
}
