/** A field's path inside a config document, as the YAML/JSON keys and list indexes that lead to it. */
export type FieldPath = readonly (string | number)[];

/** ['spec','templates',0,'name'] → "spec.templates[0].name"; odd keys are quoted: labelSelectors["app.kubernetes.io/name"]. */
export function formatFieldPath(path: FieldPath, whole = '(document)'): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? whole : out;
}
