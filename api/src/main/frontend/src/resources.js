// The SageMaker resources the console lists: how each is listed, named and described.

export const RESOURCES = [
  { kind: 'training-jobs', title: 'Training jobs', list: 'ListTrainingJobs', member: 'TrainingJobSummaries',
    name: 'TrainingJobName', status: 'TrainingJobStatus', describe: 'DescribeTrainingJob', nameInput: 'TrainingJobName' },
  { kind: 'tuning-jobs', title: 'Tuning jobs', list: 'ListHyperParameterTuningJobs',
    member: 'HyperParameterTuningJobSummaries', name: 'HyperParameterTuningJobName',
    status: 'HyperParameterTuningJobStatus', describe: 'DescribeHyperParameterTuningJob',
    nameInput: 'HyperParameterTuningJobName' },
  { kind: 'transform-jobs', title: 'Transform jobs', list: 'ListTransformJobs', member: 'TransformJobSummaries',
    name: 'TransformJobName', status: 'TransformJobStatus', describe: 'DescribeTransformJob',
    nameInput: 'TransformJobName' },
  { kind: 'processing-jobs', title: 'Processing jobs', list: 'ListProcessingJobs', member: 'ProcessingJobSummaries',
    name: 'ProcessingJobName', status: 'ProcessingJobStatus', describe: 'DescribeProcessingJob',
    nameInput: 'ProcessingJobName' },
  { kind: 'models', title: 'Models', list: 'ListModels', member: 'Models', name: 'ModelName',
    describe: 'DescribeModel', nameInput: 'ModelName' },
  { kind: 'endpoint-configs', title: 'Endpoint configurations', list: 'ListEndpointConfigs',
    member: 'EndpointConfigs', name: 'EndpointConfigName', describe: 'DescribeEndpointConfig',
    nameInput: 'EndpointConfigName' },
  { kind: 'endpoints', title: 'Endpoints', list: 'ListEndpoints', member: 'Endpoints', name: 'EndpointName',
    status: 'EndpointStatus', describe: 'DescribeEndpoint', nameInput: 'EndpointName' },
  { kind: 'notebook-instances', title: 'Notebook instances', list: 'ListNotebookInstances',
    member: 'NotebookInstances', name: 'NotebookInstanceName', status: 'NotebookInstanceStatus',
    describe: 'DescribeNotebookInstance', nameInput: 'NotebookInstanceName' },
];

export const byKind = Object.fromEntries(RESOURCES.map((r) => [r.kind, r]));

/** The console address of one resource's page. */
export function pageOf(kind, name) {
  return `#/${kind}/${encodeURIComponent(name)}`;
}
