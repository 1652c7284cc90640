// A notebook instance: its facts and an Open button that asks for a presigned URL, as SageMaker's console does.
import { sagemaker } from '../api.js';
import { errorLine, facts, h, status, when } from '../dom.js';

export function renderNotebook(main, name, repeat) {
  const heading = h('h1', {}, `Notebook instance: ${name}`);
  const summary = h('section', {}, h('p', { class: 'muted' }, 'Loading…'));
  const message = h('p');
  const open = h('button', { type: 'button', class: 'primary', 'data-testid': 'open-notebook', disabled: true,
    onclick: async () => {
      message.replaceChildren();
      // A new window first, while the click still counts as the user's: browsers block windows opened later.
      const target = window.open('', '_blank');
      try {
        const answer = await sagemaker('CreatePresignedNotebookInstanceUrl', { NotebookInstanceName: name });
        if (target) target.location = answer.AuthorizedUrl;
        else message.replaceChildren(h('a', { href: answer.AuthorizedUrl, target: '_blank', rel: 'noopener' }, 'Open Jupyter'));
      } catch (error) {
        target?.close();
        message.replaceChildren(errorLine(error));
      }
    } }, 'Open Jupyter');
  const raw = h('details', {}, h('summary', {}, 'DescribeNotebookInstance'), h('pre', { class: 'json' }));
  main.replaceChildren(heading, summary, h('p', {}, open), message, raw);
  return repeat(5000, async () => {
    let notebook;
    try {
      notebook = await sagemaker('DescribeNotebookInstance', { NotebookInstanceName: name });
    } catch (error) {
      summary.replaceChildren(errorLine(error));
      return false;
    }
    summary.replaceChildren(facts([
      ['Status', status(notebook.NotebookInstanceStatus)],
      ['Failure reason', notebook.FailureReason],
      ['Instance type', notebook.InstanceType],
      ['Created', when(notebook.CreationTime)],
      ['Last modified', when(notebook.LastModifiedTime)],
    ]));
    raw.lastChild.textContent = JSON.stringify(notebook, null, 2);
    open.disabled = notebook.NotebookInstanceStatus !== 'InService';
    return !['InService', 'Stopped', 'Failed'].includes(notebook.NotebookInstanceStatus);
  });
}
