#!/usr/bin/env node
// Lints Adaptive Card JSON files with the adaptivecards 3.0.6 object model (BOTFRAMEWORK.md §2.9).
// Usage: node tools/node/lint-card.js card.json [more.json…]   Exit 0 when clean, 1 with one line per problem, 2 on usage/setup errors.
'use strict';
const fs = require('fs');
const path = require('path');

const distPath = path.join(__dirname, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.js');
if (!fs.existsSync(distPath)) {
  console.error(`adaptivecards is not installed (${distPath} missing): run npm ci --prefix tools/node`);
  process.exit(2);
}
// Not the package main: lib/ is ESM with extension-less imports and fails under node 20.
const AC = require(distPath);

// Teams renders schema 1.5 at most; the library does not flag newer versions, so check it ourselves.
const MAX_VERSION = [1, 5];

function versionProblem(json) {
  const v = String(json.version ?? '');
  const m = /^(\d+)\.(\d+)$/.exec(v);
  if (!m) return `version "${v}" is not MAJOR.MINOR`;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major > MAX_VERSION[0] || (major === MAX_VERSION[0] && minor > MAX_VERSION[1])) {
    return `version ${v} is newer than ${MAX_VERSION.join('.')} (Teams' limit)`;
  }
  return null;
}

function lint(json) {
  const problems = [];
  if (json.type !== 'AdaptiveCard') problems.push(`type is "${json.type}", not "AdaptiveCard"`);
  const vp = versionProblem(json);
  if (vp) problems.push(vp);

  const card = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, ctx);
  for (let i = 0; i < ctx.eventCount; i++) {
    const e = ctx.getEventAt(i);
    problems.push(`parse ${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
  }
  const result = card.validateProperties();
  for (const e of result.validationEvents) {
    problems.push(`validate ${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
  }
  // Every Action.Execute needs a verb for the bot to route it.
  const walk = (node) => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (node && typeof node === 'object') {
      if (node.type === 'Action.Execute' && !node.verb) problems.push(`Action.Execute "${node.title ?? ''}" has no verb`);
      Object.values(node).forEach(walk);
    }
  };
  walk(json);
  return problems;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node lint-card.js card.json [more.json…]');
  process.exit(2);
}
let failed = false;
for (const file of files) {
  let json;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    console.log(`${file}: not JSON: ${err.message}`);
    failed = true;
    continue;
  }
  for (const p of lint(json)) {
    console.log(`${file}: ${p}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
