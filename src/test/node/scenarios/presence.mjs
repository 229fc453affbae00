// Private and presence channels authorized by the hub's own endpoint (/pusher/auth with the user's JWT): alice
// subscribes to her own orders channel (rule "self") and to her team's presence channel (claim "teams"); bob joins
// and leaves, and alice sees both through pusher-js's members API and member events.
import { client, connected, hub, next, report, run, subscribed } from './lib.mjs';

function roster(members) {
  const ids = [];
  members.each((member) => ids.push(member.id));
  return { count: members.count, me: members.me, ids: ids.sort() };
}

run(async () => {
  const alice = client('alice');
  const bob = client('bob');
  await Promise.all([connected(alice), connected(bob)]);

  const { channel: privateChannel } = await subscribed(alice, `private-orders.${hub.users.alice}`);
  report('private', { channel: privateChannel.name, subscribed: privateChannel.subscribed });

  const name = `presence-team.${hub.team}`;
  const { channel: aliceView, members: aliceFirst } = await subscribed(alice, name);
  report('alice-joined', roster(aliceFirst));

  const added = next(aliceView, 'pusher:member_added');
  const { channel: bobView, members: bobFirst } = await subscribed(bob, name);
  report('bob-joined', roster(bobFirst));
  const [member] = await added;
  report('alice-saw-member-added', { member, roster: roster(aliceView.members) });

  const removed = next(aliceView, 'pusher:member_removed');
  bob.unsubscribe(bobView.name);
  const [gone] = await removed;
  report('alice-saw-member-removed', { member: gone, roster: roster(aliceView.members) });
});
