// Validates YAML documents against Runbook's published schemas as an editor would: the `yaml` package reads
// YAML 1.2 (yes/no/on/off are strings), ajv 8 checks draft 2020-12 in strict mode.
// usage: node check.mjs SCHEMA_DIR CASES_JSON   (CASES_JSON: [{"file": "...", "schema": "runbook"|"fragment"}])
// prints one JSON line per case: {"file", "valid", "errors": [{"path", "keyword", "message"}]}
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

const [schemaDir, casesFile] = process.argv.slice(2);
// strict: every strict check on; union types ("type": ["string", "integer"]) are how the DSL says "either".
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
// An empty file is no schema (it would accept anything); it is named on stderr and left out, not compiled.
const names = readdirSync(schemaDir).filter((f) => f.endsWith(".schema.json")).sort().filter((f) => {
  const empty = readFileSync(join(schemaDir, f), "utf8").trim() === "";
  if (empty) console.error(`WARNING: ${f} is empty`);
  return !empty;
});
// Each schema is also known by its file name, as an editor resolves fragment.schema.json's relative $refs.
for (const name of names) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, name), "utf8")), name);
const compiled = {};
for (const name of names) compiled[name.replace(".schema.json", "")] = ajv.getSchema(name); // throws on a strict-mode violation
console.log(JSON.stringify({ schemas: Object.keys(compiled) }));
for (const c of JSON.parse(readFileSync(casesFile, "utf8"))) {
  let doc;
  try {
    doc = parse(readFileSync(c.file, "utf8"), { version: "1.2", uniqueKeys: true });
  } catch (e) {
    console.log(JSON.stringify({ file: c.file, valid: false, errors: [{ path: "", keyword: "yaml", message: e.message }] }));
    continue;
  }
  const validate = compiled[c.schema];
  const valid = validate(doc);
  const errors = (validate.errors || []).map((e) => ({ path: e.instancePath, keyword: e.keyword, message: e.message }));
  console.log(JSON.stringify({ file: c.file, valid, errors }));
}
