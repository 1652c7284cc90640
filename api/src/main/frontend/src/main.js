// The console's router: #/ lists everything, #/<kind> one list, #/<kind>/<name> one resource's page.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { h } from './dom.js';
import { renderDescribe, renderLists } from './pages/lists.js';
import { renderEndpoint } from './pages/endpoint.js';
import { renderNotebook } from './pages/notebook.js';
import { renderTrainingJob } from './pages/training.js';
import { RESOURCES, byKind } from './resources.js';

const main = document.getElementById('main');
let stopCurrent = () => {};

/**
 * Runs {@code task} now and again {@code ms} after each run while it resolves true and its page is shown; a failed
 * run is shown and tried again. Returns what stops it.
 */
function repeater(page) {
  return (ms, task) => {
    let timer;
    const run = async () => {
      let again = true;
      try {
        again = await task();
      } catch (error) {
        console.warn(error);
      }
      if (again && page.live) timer = setTimeout(run, ms);
    };
    run();
    return () => clearTimeout(timer);
  };
}

function route() {
  stopCurrent();
  const page = { live: true };
  const repeat = repeater(page);
  const [kind, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const name = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
  let stop;
  if (!kind || !byKind[kind]) stop = renderLists(main);
  else if (!name) stop = renderLists(main, [kind]);
  else if (kind === 'training-jobs') stop = renderTrainingJob(main, name, repeat);
  else if (kind === 'endpoints') stop = renderEndpoint(main, name, repeat);
  else if (kind === 'notebook-instances') stop = renderNotebook(main, name, repeat);
  else stop = renderDescribe(main, byKind[kind], name);
  stopCurrent = () => {
    page.live = false;
    stop?.();
  };
  window.scrollTo(0, 0);
}

document.getElementById('nav').replaceChildren(...RESOURCES.map((r) => h('a', { href: `#/${r.kind}` }, r.title)));
window.addEventListener('hashchange', route);
route();
