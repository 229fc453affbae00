// Occupies and vacates channels so that the hub sends webhooks, which the Java test captures: a public channel, a
// presence channel with two members, and a client event on it.
import { client, connected, hub, next, report, run, subscribed, unique } from './lib.mjs';

run(async () => {
  const alice = client('alice');
  const bob = client('bob');
  const socketIds = await Promise.all([connected(alice), connected(bob)]);
  const open = unique('public.hooks');
  const presence = `presence-conversation.${hub.conversation}`;
  await subscribed(alice, open);
  const { channel } = await subscribed(alice, presence);
  const { channel: bobView } = await subscribed(bob, presence);
  const delivered = next(bobView, 'client-ping');
  channel.trigger('client-ping', { n: 1 });
  await delivered;
  report('occupied', { open, presence, aliceSocketId: socketIds[0] });
  // Disconnecting (in run) vacates both channels once the scenario is done.
});
