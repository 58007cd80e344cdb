// Compares oracle_run's output (our engine) with odk_run.mjs's (ODK Web
// Forms' engine) line by line: every value, relevance and validity of every
// node of every case.
//
//   node compare.mjs FORM_ID ours.tsv odk.tsv known.tsv
//
// known.tsv lists where ODK Collect (JavaRosa) and ODK Web Forms disagree
// and the kiosk follows Collect: form, name, field (value | relevant |
// check), then the reason. A difference on a listed key is allowed; one on
// any other key fails, and so does a listed key that never differed on
// this form (the table must stay true).
import { readFileSync } from 'node:fs';

const [form, oursPath, odkPath, knownPath] = process.argv.slice(2);
const read = (p) => readFileSync(p, 'utf8').split('\n').filter((l) => l);
const ours = read(oursPath);
const odk = read(odkPath);
const known = new Map();
for (const line of read(knownPath)) {
  if (line.startsWith('#')) continue;
  const [f, name, field, reason] = line.split('\t');
  if (f === form) known.set(`${name}\t${field}`, { reason, seen: 0 });
}
let bad = 0;
if (ours.length !== odk.length) {
  console.error(`${form}: ${ours.length} lines from the kiosk, ` +
                `${odk.length} from ODK`);
  bad++;
}
const fields = ['value', 'relevant', 'check'];
for (let i = 0; i < Math.min(ours.length, odk.length); i++) {
  const a = ours[i].split('\t');
  const b = odk[i].split('\t');
  if (a[0] !== b[0] || a[1] !== b[1]) {
    console.error(`${form}: line ${i + 1}: kiosk has ${a[0]}/${a[1]}, ` +
                  `ODK ${b[0]}/${b[1]}`);
    bad++;
    break;
  }
  // a value only matters where both engines hold the node relevant
  const bothRelevant = a[3] === '1' && b[3] === '1';
  for (let k = 0; k < 3; k++) {
    if (k === 0 && !bothRelevant) continue;
    if (a[k + 2] === b[k + 2]) continue;
    const entry = known.get(`${a[1]}\t${fields[k]}`);
    if (entry) {
      entry.seen++;
      continue;
    }
    console.error(`${form}: case ${a[0]} ${a[1]} ${fields[k]}: kiosk ` +
                  `'${a[k + 2]}', ODK '${b[k + 2]}'`);
    bad++;
  }
}
for (const [key, entry] of known) {
  if (!entry.seen) {
    console.error(`${form}: known difference ${key.replace('\t', ' ')} ` +
                  `never seen (remove it from known.tsv?)`);
    bad++;
  }
}
const compared = Math.min(ours.length, odk.length);
const allowed = [...known.values()].reduce((n, e) => n + e.seen, 0);
console.log(`${form}: ${compared} nodes compared, ${allowed} known ` +
            `Collect/Web Forms differences, ${bad} unexplained`);
process.exit(bad ? 1 : 0);
