// The sample is read, not run: its imports are declared here so the editor shows the S3 findings, not
// "Cannot find module" for a package this folder does not install.
declare module '@aws-sdk/client-s3';
