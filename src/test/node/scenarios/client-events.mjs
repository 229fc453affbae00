// Client events between two pusher-js clients on a presence channel of a type whose members may publish: delivered
// to the other member with the sender's user id, never echoed to the sender; a burst over the rate limit gets an
// error without losing the connection.
import { client, connected, hub, next, recordAll, report, run, server, subscribed } from './lib.mjs';

run(async () => {
  const alice = client('alice');
  const bob = client('bob');
  await Promise.all([connected(alice), connected(bob)]);
  const aliceSeen = recordAll(alice);

  const name = `presence-conversation.${hub.conversation}`;
  const { channel: aliceView } = await subscribed(alice, name);
  const { channel: bobView } = await subscribed(bob, name);

  const atBob = next(bobView, 'client-hello');
  const triggered = aliceView.trigger('client-hello', { text: 'hi bob' });
  const [data, metadata] = await atBob;
  report('bob-received', { triggered, data, metadata });

  // The hub writes alice's frames in order: an echo of her event would reach her before bob's reply does.
  const atAlice = next(aliceView, 'client-reply');
  bobView.trigger('client-reply', { text: 'hi alice' });
  const [reply, replyMetadata] = await atAlice;
  report('alice-received', { data: reply, metadata: replyMetadata, aliceSaw: aliceSeen.map((e) => e.event) });

  // Over the per-connection rate (10 a second by default): an error for the sender, and the connection stays.
  const limited = next(alice.connection, 'error', 'a rate limit error');
  for (let i = 0; i < 30; i++) {
    aliceView.trigger('client-burst', { i });
  }
  const [error] = await limited;
  const after = next(aliceView, 'after');
  await server().trigger(aliceView.name, 'after', { ok: true });
  const [afterData] = await after;
  report('rate-limited', { error, state: alice.connection.state, after: afterData });
});
