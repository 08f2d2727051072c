export * from './manifest';
export * from './create-job-request';
export * from './job-policies';
export * from './jobs';
export * from './batch-plan';
export * from './control-client';
export * from './completion-report';
