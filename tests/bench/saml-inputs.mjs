// The SAML benchmark inputs, shared by tests/bench/saml-browser.mjs and tools/dev/engine-prof.mjs:
// the Okta fixture grown with attributes.
import { readFileSync } from 'node:fs';

const OKTA = readFileSync('tests/fixtures/saml/okta-idc-good.xml', 'utf8');

export function attr(i, valueLen) {
  const v = ('value' + i + '-').padEnd(valueLen, 'x');
  return `<saml2:Attribute Name="https://example.com/attr/${i}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml2:AttributeValue>${v}</saml2:AttributeValue></saml2:Attribute>`;
}

/** The Okta fixture grown with attributes to about `target` characters (`count` attributes when given). */
export function grow(target, count) {
  const base = OKTA.length;
  const n = count ?? Math.max(1, Math.floor((target - base) / 200));
  const per = Math.max(10, Math.floor((target - base) / n) - 170);
  const attrs = Array.from({ length: n }, (_, i) => attr(i, per)).join('');
  return OKTA.replace('</saml2:AttributeStatement>', attrs + '</saml2:AttributeStatement>');
}
