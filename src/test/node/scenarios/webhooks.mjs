// Occupies and vacates channels so that the hub sends webhooks, which the Java test captures: a public channel, a
// presence channel with a member, and a client event.
import { client, connected, hub, report, run, subscribed, unique } from './lib.mjs';

run(async () => {
  const alice = client('alice');
  const bob = client('bob');
  const socketIds = await Promise.all([connected(alice), connected(bob)]);
  const open = unique('public.hooks');
  const presence = `presence-team.${hub.team}`;
  await subscribed(alice, open);
  const { channel } = await subscribed(alice, presence);
  await subscribed(bob, presence);
  channel.trigger('client-ping', { n: 1 });
  report('occupied', { open, presence, aliceSocketId: socketIds[0] });
  // Disconnecting (in run) vacates both channels once the scenario is done.
});
