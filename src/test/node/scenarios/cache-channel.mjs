// Cache channels: the first subscriber of an empty channel gets pusher:cache_miss; a later subscriber gets the last
// event at once, also when it was triggered while nobody was subscribed.
import { client, connected, next, report, run, server, unique } from './lib.mjs';

run(async () => {
  const sdk = server();
  const first = client();
  await connected(first);

  const prices = unique('cache-public.prices');
  const firstChannel = first.subscribe(prices);
  const miss = next(firstChannel, 'pusher:cache_miss');
  await next(firstChannel, 'pusher:subscription_succeeded', `subscription to ${prices}`);
  await miss;
  report('cache-miss', { channel: prices });

  const live = next(firstChannel, 'price');
  await sdk.trigger(prices, 'price', { v: 1 });
  await sdk.trigger(prices, 'price', { v: 2 });
  const [firstPrice] = await live;
  report('live', { data: firstPrice });

  const second = client();
  await connected(second);
  const secondChannel = second.subscribe(prices);
  const [cached] = await next(secondChannel, 'price', `cached event on ${prices}`);
  report('cached', { channel: prices, data: cached });

  const quiet = unique('cache-public.quiet');
  await sdk.trigger(quiet, 'status', { s: 'kept' });
  const third = client();
  await connected(third);
  const [kept] = await next(third.subscribe(quiet), 'status', `cached event on ${quiet}`);
  report('cached-without-subscribers', { channel: quiet, data: kept });
});
