/**
 * Real k6 runs load/scripts/lib/fake-customer.ts and hands back the checkout forms it generates; each one must be
 * chargeable under the payment service's own card rules (cluster/apps/boutique/paymentservice/card.ts, the real
 * service's: Visa or MasterCard only, Luhn, length, not expired). The real shop refused a generated Visa Electron
 * number in the fidelity check ("Sorry, we cannot process visa_electron credit cards").
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkCard } from '../../../cluster/apps/boutique/paymentservice/card.js';
import { scriptsDir } from '../../../load/runner/k6-scripts.js';
import { k6OfflineEnv, locateK6 } from '../../../load/runner/locate-k6.js';

const FORMS = 20_000;

describe('fake checkout customers (k6 script library)', function () {
  let work = '';
  after(() => work && rmSync(work, { recursive: true, force: true }));

  it(`generates ${FORMS} checkout forms whose cards the payment service charges`, async function () {
    this.timeout(60_000);
    const k6 = await locateK6();
    work = mkdtempSync(path.join(tmpdir(), 'fake-customer-'));
    const script = path.join(work, 'forms.ts');
    const out = path.join(work, 'forms.json');
    writeFileSync(
      script,
      [
        `import { randomCheckoutForm } from '${path.join(scriptsDir(), 'lib', 'fake-customer.ts')}';`,
        'export const options = { vus: 1, iterations: 1 };',
        'export default function () {}',
        `export function handleSummary() {`,
        `  return { [__ENV.OUT]: JSON.stringify(Array.from({ length: ${FORMS} }, () => randomCheckoutForm())) };`,
        '}',
      ].join('\n'),
    );
    await promisify(execFile)(k6.path, ['run', '--quiet', '--no-color', '--env', `OUT=${out}`, script], { env: { ...process.env, ...k6OfflineEnv() }, timeout: 50_000 });
    const forms = JSON.parse(readFileSync(out, 'utf8')) as Array<Record<string, string>>;
    assert.equal(forms.length, FORMS);
    const refused = new Map<string, string[]>();
    for (const f of forms) {
      try {
        checkCard({
          credit_card_number: f.credit_card_number!,
          credit_card_expiration_month: Number(f.credit_card_expiration_month),
          credit_card_expiration_year: Number(f.credit_card_expiration_year),
        });
      } catch (e) {
        const reason = (e as Error).message;
        refused.set(reason, [...(refused.get(reason) ?? []), f.credit_card_number!]);
      }
    }
    assert.deepEqual(
      [...refused].map(([reason, numbers]) => `${numbers.length}× ${reason} (e.g. ${numbers[0]})`),
      [],
      'cards the payment service refuses',
    );
  });
});
