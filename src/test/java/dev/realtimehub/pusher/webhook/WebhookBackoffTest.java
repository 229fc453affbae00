package dev.realtimehub.pusher.webhook;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retry delays double from half a second to a minute, each jittered between half and all of its ceiling. */
class WebhookBackoffTest {

  @Test
  void delaysDoubleWithJitterUpToTheCap() {
    for (int retries = 0; retries < 40; retries++) {
      long ceiling = Math.min(WebhookQueue.MAX_RETRY_MS, WebhookQueue.FIRST_RETRY_MS << Math.min(retries, 20));
      for (int sample = 0; sample < 50; sample++) {
        long delay = WebhookQueue.backoff(retries);
        assertTrue(delay >= ceiling / 2 && delay <= ceiling, "retry " + retries + ": " + delay);
      }
    }
  }
}
