// ODK's half of the oracle test: runs an XForm in ODK's own form engine
// (@getodk/xforms-engine, the engine of ODK Web Forms) under Node, with
// the answer sets oracle_run wrote, and prints what the engine holds in
// the same format as oracle_run:
//
//   node odk_run.mjs FORM.xml ANSWERS.tsv > odk.tsv
//
// The engine is written for browsers: jsdom supplies the DOM it parses
// with, and __dirname lets its WebAssembly XPath parser start under Node
// (the wasm itself is inlined in the package).
globalThis.__dirname = '/';
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const win = new JSDOM('<!doctype html><html><body></body></html>').window;
for (const k of ['document', 'DOMParser', 'Node', 'Element', 'Document',
                 'XMLDocument', 'XMLSerializer']) {
  globalThis[k] = win[k];
}
const { createInstance } = await import('@getodk/xforms-engine');

const [xmlPath, answersPath] = process.argv.slice(2);
const xml = readFileSync(xmlPath, 'utf8');
const cases = new Map();
for (const line of readFileSync(answersPath, 'utf8').split('\n')) {
  if (!line) continue;
  const [c, name, value] = line.split('\t');
  if (!cases.has(c)) cases.set(c, []);
  cases.get(c).push([name, value]);
}

function* walk(node) {
  yield node;
  for (const child of node.currentState.children ?? []) yield* walk(child);
}

// The node's name: the last step of its nodeset (/data/group/name).
const nameOf = (n) => n.definition?.nodeset?.split('/').pop();

function find(root, name) {
  for (const n of walk(root)) {
    if (nameOf(n) === name) return n;
  }
  return null;
}

function setAnswer(node, value) {
  switch (node.nodeType) {
    case 'select':
      return node.selectValues(value === '' ? [] : value.split(' '));
    case 'trigger':
      return node.setValue(value === 'OK');
    case 'input':
      return node.setValue(value);
    case 'range':
      return node.setValue(Number(value));
    default:
      throw new Error(`cannot answer ${node.nodeType} ${value}`);
  }
}

const out = [];
const ncases = Math.max(-1, ...[...cases.keys()].map(Number)) + 1;
for (let c = 0; c < ncases; c++) {
  const inst = await createInstance(xml, {});
  const root = inst.root;
  for (const [name, value] of cases.get(String(c)) ?? []) {
    const node = find(root, name);
    if (!node) throw new Error(`no node ${name}`);
    if (node.currentState.relevant) setAnswer(node, value);
  }
  for (const n of walk(root)) {
    const name = nameOf(n);
    if (n === root || !name || name === 'meta' || name === 'instanceID') {
      continue;
    }
    let value = n.currentState.instanceValue ?? '';
    if (n.nodeType === 'select') value = n.currentState.value.join(' ');
    if (n.nodeType === 'group' || n.nodeType === 'note') value = '';
    let check = '-';
    if (['select', 'input', 'trigger', 'range'].includes(n.nodeType)) {
      const v = n.validationState.violation;
      check = v ? v.condition : 'ok';
    }
    out.push(`${c}\t${name}\t${value}\t${n.currentState.relevant ? 1 : 0}` +
             `\t${check}`);
  }
}
process.stdout.write(out.join('\n') + '\n');
