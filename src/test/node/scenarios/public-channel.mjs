// pusher-js connects, subscribes to public channels and receives what the server SDK triggers: to one channel, to
// two channels at once, and with its own socket id excluded.
import { client, connected, next, report, run, server, subscribed, unique } from './lib.mjs';

run(async () => {
  const pusher = client();
  const socketId = await connected(pusher);
  report('connected', { socketId, state: pusher.connection.state });

  const news = unique('public.news');
  const status = unique('public.status');
  const { channel: first } = await subscribed(pusher, news);
  const { channel: second } = await subscribed(pusher, status);
  report('subscribed', { channels: [first.name, second.name], subscribed: first.subscribed && second.subscribed });

  const sdk = server();
  const single = next(first, 'headline');
  await sdk.trigger(news, 'headline', { title: 'hello' });
  const [headline] = await single;
  report('received', { channel: news, event: 'headline', data: headline });

  const onFirst = next(first, 'notice');
  const onSecond = next(second, 'notice');
  await sdk.trigger([news, status], 'notice', { n: 2 });
  const [[a], [b]] = await Promise.all([onFirst, onSecond]);
  report('multi', { channels: [news, status], data: [a, b] });

  // Events of one channel arrive in order, so the first "update" seen shows whether the excluded one came through.
  const update = next(first, 'update');
  await sdk.trigger(news, 'update', { v: 'excluded' }, { socket_id: socketId });
  await sdk.trigger(news, 'update', { v: 'delivered' });
  const [firstUpdate] = await update;
  report('exclusion', { firstUpdate });
});
