// Reads webhook requests captured by the Java test from stdin ([{headers, body}], headers with lower-case names)
// and checks each with the server SDK's own verifier.
import { readFileSync } from 'node:fs';
import { report, run, server } from './lib.mjs';

run(async () => {
  const sdk = server();
  const requests = JSON.parse(readFileSync(0, 'utf8'));
  for (const request of requests) {
    const webhook = sdk.webhook({ headers: request.headers, rawBody: request.body });
    const valid = webhook.isValid();
    report('webhook', {
      valid,
      events: valid ? webhook.getEvents() : null,
      timeMs: valid ? webhook.getTime().getTime() : null,
    });
  }
});
