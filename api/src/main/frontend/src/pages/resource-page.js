// The frame every live resource page shares: heading, facts, the page's own sections, the raw Describe answer.
import { sagemaker } from '../api.js';
import { errorLine, facts, h } from '../dom.js';

/**
 * Renders the frame into {@code main} and refreshes it every {@code every} ms: each round describes the resource
 * ({@code operation} with {@code input}), shows {@code factsOf(answer)}, and runs {@code onAnswer(answer)}, whose
 * true answer keeps the rounds going. A failed Describe is shown and ends them.
 */
export function resourcePage(main, repeat, { title, operation, input, factsOf, sections = [], every, onAnswer }) {
  const summary = h('section', {}, h('p', { class: 'muted' }, 'Loading…'));
  const raw = h('details', {}, h('summary', {}, operation), h('pre', { class: 'json' }));
  main.replaceChildren(h('h1', {}, title), summary, ...sections, raw);
  return repeat(every, async () => {
    let answer;
    try {
      answer = await sagemaker(operation, input);
    } catch (error) {
      summary.replaceChildren(errorLine(error));
      return false;
    }
    summary.replaceChildren(facts(factsOf(answer)));
    raw.lastChild.textContent = JSON.stringify(answer, null, 2);
    return onAnswer(answer);
  });
}
