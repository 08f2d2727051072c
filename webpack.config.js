// Two bundles from one core: the VS Code extension (vscode stays external) and the s3enc CLI.
'use strict';
const path = require('path');
const webpack = require('webpack');

const common = {
  target: 'node',
  mode: 'none',
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true } }] }],
  },
  devtool: 'nosources-source-map',
  infrastructureLogging: { level: 'log' },
  // The AWS SDK optionally requires packages we never use (CRT signer); keep webpack quiet about them.
  ignoreWarnings: [/Critical dependency/, /Can't resolve 'aws-crt'/, /@aws-sdk\/signature-v4-crt/],
  externals: { 'aws-crt': 'commonjs aws-crt', '@aws-sdk/signature-v4-crt': 'commonjs @aws-sdk/signature-v4-crt' },
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
    plugins: [new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true })],
  },
];
