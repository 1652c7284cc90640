// A notebook instance: its facts and an Open button that asks for a presigned URL, as SageMaker's console does.
import { sagemaker } from '../api.js';
import { errorLine, h, status, when } from '../dom.js';
import { resourcePage } from './resource-page.js';

export function renderNotebook(main, name, repeat) {
  const message = h('p');
  const open = h('button', { type: 'button', class: 'primary', 'data-testid': 'open-notebook', disabled: true,
    onclick: async () => {
      message.replaceChildren();
      // A new window first, while the click still counts as the user's: browsers block windows opened later.
      const target = window.open('', '_blank');
      try {
        const answer = await sagemaker('CreatePresignedNotebookInstanceUrl', { NotebookInstanceName: name });
        if (target) {
          // Jupyter shares this origin: it gets no handle on the console's window.
          target.opener = null;
          target.location = answer.AuthorizedUrl;
        }
        else message.replaceChildren(h('a', { href: answer.AuthorizedUrl, target: '_blank', rel: 'noopener' }, 'Open Jupyter'));
      } catch (error) {
        target?.close();
        message.replaceChildren(errorLine(error));
      }
    } }, 'Open Jupyter');
  return resourcePage(main, repeat, {
    title: `Notebook instance: ${name}`,
    operation: 'DescribeNotebookInstance',
    input: { NotebookInstanceName: name },
    sections: [h('p', {}, open), message],
    every: 5000,
    factsOf: (notebook) => [
      ['Status', status(notebook.NotebookInstanceStatus)],
      ['Failure reason', notebook.FailureReason],
      ['Instance type', notebook.InstanceType],
      ['Created', when(notebook.CreationTime)],
      ['Last modified', when(notebook.LastModifiedTime)],
    ],
    onAnswer: (notebook) => {
      open.disabled = notebook.NotebookInstanceStatus !== 'InService';
      return !['InService', 'Stopped', 'Failed'].includes(notebook.NotebookInstanceStatus);
    },
  });
}
