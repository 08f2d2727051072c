// Two bundles from one core: the VS Code extension (vscode stays external) and the s3enc CLI.
'use strict';
const path = require('path');
const webpack = require('webpack');

const common = {
  target: 'node',
  mode: 'none',
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [
      { test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true } }] },
    ],
  },
  devtool: 'nosources-source-map',
  infrastructureLogging: { level: 'log' },
  // The AWS SDK optionally requires packages we never use (CRT signer); keep webpack quiet about them.
  ignoreWarnings: [/Critical dependency/, /Can't resolve 'aws-crt'/, /@aws-sdk\/signature-v4-crt/],
  externals: { 'aws-crt': 'commonjs aws-crt', '@aws-sdk/signature-v4-crt': 'commonjs @aws-sdk/signature-v4-crt' },
  // The SDK's lazy import()s (credential providers) would become dist/<n>.js chunks that the .vsix leaves
  // out and the two bundles would overwrite: keep each bundle a single file.
  plugins: [new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
};

module.exports = [
  {
    ...common,
    name: 'extension',
    entry: { extension: './src/vscode/main.ts' },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2' },
    externals: { ...common.externals, vscode: 'commonjs vscode' },
  },
  {
    ...common,
    name: 'cli',
    entry: { cli: './src/cli/bin.ts' },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2' },
    plugins: [
      ...common.plugins,
      new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true }),
    ],
  },
];

// The analysis worker (dist/analysis-worker.js) holds the parsers, so TypeScript and tree-sitter never load on the
// extension host thread; the CLI bundle analyses in-process. Both find the WASM grammars copied next to them.
const fs = require('fs');
const ANALYSIS_WASM = [
  ['web-tree-sitter', 'tree-sitter.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm'],
  ['tree-sitter-java', 'tree-sitter-java.wasm'],
  ['tree-sitter-go', 'tree-sitter-go.wasm'],
  ['tree-sitter-bash', 'tree-sitter-bash.wasm'],
  ['@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-terraform.wasm'],
  ['tree-sitter-ruby', 'tree-sitter-ruby.wasm'],
];
class CopyAnalysisWasmPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyAnalysisWasm', () => {
      for (const [pkg, file] of ANALYSIS_WASM) {
        const from = path.join(__dirname, 'node_modules', pkg, file);
        fs.copyFileSync(from, path.resolve(__dirname, 'dist', file));
      }
    });
  }
}
module.exports.push({
  ...common,
  name: 'analysis-worker',
  entry: { 'analysis-worker': './src/core/analysis/worker/entry.ts' },
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2' },
  plugins: [...common.plugins, new CopyAnalysisWasmPlugin()],
});

// The audit's worker threads (dist/audit-worker.js): several inventory data files decode on several cores. Both
// the CLI and the extension start it from beside their own bundle (src/core/audit/audit-worker-pool.ts).
module.exports.push({
  ...common,
  name: 'audit-worker',
  entry: { 'audit-worker': './src/core/audit/audit-worker.ts' },
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2' },
});

// The audit report webview runs in the browser sandbox of a VS Code webview: its own bundle with chart.js,
// loaded by a nonce'd script tag (see src/vscode/audit/report-panel.ts).
module.exports.push({
  ...common,
  name: 'audit-webview',
  target: 'web',
  entry: { 'audit-webview': './src/vscode/audit/webview/main.ts' },
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js' },
  externals: {},
  plugins: [new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
});
