// Two hub nodes on one Redis: alice on the first, bob on the second, each through the auth endpoint of its own
// node. Presence, triggers through the other node, channel info from either node and client events all cross.
import { client, connected, hub, next, report, run, server, subscribed } from './lib.mjs';

run(async () => {
  const [first, second] = hub.ports;
  const alice = client('alice', {}, first);
  const bob = client('bob', {}, second);
  await Promise.all([connected(alice), connected(bob)]);

  const team = `presence-team.${hub.team}`;
  const { channel: aliceView } = await subscribed(alice, team);
  const added = next(aliceView, 'pusher:member_added');
  const { members } = await subscribed(bob, team);
  const [member] = await added;
  report('presence', { bobSees: members.count, aliceSaw: member.id });

  const delivered = next(aliceView, 'goal');
  await server({}, second).trigger(team, 'goal', { from: 'second node' });
  const [goal] = await delivered;
  report('trigger', { data: goal });

  const info = async (port) => (await server({}, port).get({ path: `/channels/${team}`,
    params: { info: 'user_count,subscription_count' } })).json();
  report('channel-info', { first: await info(first), second: await info(second) });

  const conversation = `presence-conversation.${hub.conversation}`;
  const { channel: aliceChat } = await subscribed(alice, conversation);
  const { channel: bobChat } = await subscribed(bob, conversation);
  const hello = next(aliceChat, 'client-hello');
  bobChat.trigger('client-hello', { text: 'across nodes' });
  const [data, metadata] = await hello;
  report('client-event', { data, metadata });

  const removed = next(aliceView, 'pusher:member_removed');
  bob.disconnect();
  const [gone] = await removed;
  report('member-removed', { id: gone.id });
});
