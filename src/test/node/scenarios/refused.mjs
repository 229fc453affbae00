// Refused subscriptions, as pusher-js reports them on the channel with pusher:subscription_error: the hub's auth
// endpoint refusing a user the channel's rules do not admit, the hub refusing a forged signature, and a channel
// that needs permission subscribed without a prefix. The connection stays usable.
import { client, connected, hub, next, report, run, subscribed, unique } from './lib.mjs';

async function refusal(pusher, name) {
  const channel = pusher.subscribe(name);
  const [error] = await next(channel, 'pusher:subscription_error', `subscription error on ${name}`);
  return { channel: name, subscribed: channel.subscribed, error };
}

run(async () => {
  const mallory = client('mallory');
  await connected(mallory);
  report('auth-endpoint-refused', await refusal(mallory, `private-team.${hub.team}`));
  report('unprefixed-refused', await refusal(mallory, `team.${hub.team}`));

  const forger = client(null, {
    channelAuthorization: {
      customHandler: (_request, callback) =>
        callback(null, { auth: `${hub.key}:${'0'.repeat(64)}` }),
    },
  });
  await connected(forger);
  report('forged-signature-refused', await refusal(forger, `private-team.${hub.team}`));

  const { channel } = await subscribed(mallory, unique('public.after'));
  report('still-connected', { state: mallory.connection.state, forgerState: forger.connection.state,
    subscribed: channel.subscribed });
});
