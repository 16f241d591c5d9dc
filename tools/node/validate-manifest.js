#!/usr/bin/env node
// Validates a filled Teams app manifest offline against the schema bundled in
// @microsoft/app-manifest (build/json-schemas/teams/vX.Y), so nothing is fetched from
// developer.microsoft.com. Also refuses unfilled ${{...}} placeholders and icons missing from the
// manifest's folder (the package zips them at its root).
// Why not AppManifestUtils.validateAgainstSchema: in 1.1.2 its index requires fs-extra, which the
// package does not declare (only @types/fs-extra), and strip-bom 5, which is ESM-only under node 20.
// So this compiles the bundled schema with the package's own ajv-draft-04/ajv + ajv-formats and the
// same options that function uses (generated-types/index.js: allErrors, strictTypes off,
// formats uri/email/regex).
// Usage: node tools/node/validate-manifest.js path/to/manifest.json
// Exit: 0 valid, 1 invalid, 2 usage or unreadable input, 3 node_modules missing.
'use strict';
const fs = require('fs');
const path = require('path');

const PACKAGE_DIR = path.join(__dirname, 'node_modules', '@microsoft', 'app-manifest');

function fail(code, message) {
  console.error(message);
  process.exit(code);
}

function schemaPathFor(schemaUrl) {
  const match = /\/json-schemas\/teams\/(v[0-9]+\.[0-9]+|vDevPreview)\/MicrosoftTeams\.schema\.json$/.exec(schemaUrl || '');
  if (!match) fail(1, `$schema "${schemaUrl}" is not a Teams manifest schema URL`);
  const file = path.join(PACKAGE_DIR, 'build', 'json-schemas', 'teams', match[1], 'MicrosoftTeams.schema.json');
  if (!fs.existsSync(file)) fail(1, `@microsoft/app-manifest does not bundle the ${match[1]} schema`);
  return file;
}

function validateAgainstSchema(manifest, schema) {
  const addFormats = require(path.join(__dirname, 'node_modules', 'ajv-formats')).default;
  const Ajv = String(schema.$schema).includes('2020-12')
    ? require(path.join(__dirname, 'node_modules', 'ajv', 'dist', '2020')).default
    : require(path.join(__dirname, 'node_modules', 'ajv-draft-04')).default;
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return validate.errors.map((e) => `${e.instancePath || '/'} ${e.message || ''} ${e.params ? JSON.stringify(e.params) : ''}`.trim());
}

async function main() {
  const manifestPath = process.argv[2];
  if (!manifestPath) fail(2, 'usage: node tools/node/validate-manifest.js path/to/manifest.json');
  if (!fs.existsSync(PACKAGE_DIR)) {
    fail(3, `@microsoft/app-manifest is not installed under ${path.join(__dirname, 'node_modules')}: run npm ci --prefix tools/node`);
  }

  let text;
  try {
    text = fs.readFileSync(manifestPath, 'utf8');
  } catch (e) {
    fail(2, `cannot read ${manifestPath}: ${e.message}`);
  }
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    fail(1, `${manifestPath} is not JSON: ${e.message}`);
  }

  const problems = [];
  const placeholders = text.match(/\$\{\{[A-Za-z0-9_]+\}\}/g);
  if (placeholders) problems.push(`unfilled placeholders: ${[...new Set(placeholders)].join(', ')}`);

  const schema = JSON.parse(fs.readFileSync(schemaPathFor(manifest.$schema), 'utf8'));
  problems.push(...validateAgainstSchema(manifest, schema));

  for (const icon of [manifest.icons?.color, manifest.icons?.outline]) {
    if (icon && !fs.existsSync(path.join(path.dirname(manifestPath), icon))) {
      problems.push(`icon ${icon} is not next to the manifest`);
    }
  }

  if (problems.length > 0) fail(1, problems.map((p) => `INVALID ${p}`).join('\n'));
  console.log(`schema OK (${manifest.manifestVersion})`);
}

main().catch((e) => fail(2, e.stack || String(e)));
