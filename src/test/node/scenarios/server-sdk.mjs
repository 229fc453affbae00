// The server SDK's HTTP API calls against the hub: triggerBatch, trigger with info, and the channel queries, with
// two presence members and one public subscriber in place; then the refusals the SDK reports as RequestError.
import { client, connected, hub, next, report, run, server, subscribed, unique } from './lib.mjs';

async function json(response) {
  return { status: response.status, body: await response.json() };
}

run(async () => {
  const sdk = server();
  const alice = client('alice');
  const bob = client('bob');
  await Promise.all([connected(alice), connected(bob)]);
  const presence = `presence-team.${hub.team}`;
  const open = unique('public.board');
  const { channel: alicePresence } = await subscribed(alice, presence);
  await subscribed(bob, presence);
  const { channel: board } = await subscribed(alice, open);

  const first = next(board, 'batch-one');
  const second = next(alicePresence, 'batch-two');
  const batch = await sdk.triggerBatch([
    { channel: open, name: 'batch-one', data: { i: 1 } },
    { channel: presence, name: 'batch-two', data: { i: 2 }, info: 'user_count' },
  ]);
  const [[one], [two]] = await Promise.all([first, second]);
  report('batch', { response: await json(batch), received: [one, two] });

  const triggered = await sdk.trigger(presence, 'with-info', { x: 1 }, { info: 'user_count,subscription_count' });
  report('trigger-info', { response: await json(triggered) });

  report('channels', { response: await json(await sdk.get({ path: '/channels' })) });
  report('presence-channels', { response: await json(await sdk.get({ path: '/channels',
    params: { filter_by_prefix: 'presence-', info: 'user_count' } })) });
  report('presence-channel', { channel: presence, response: await json(await sdk.get({
    path: `/channels/${presence}`, params: { info: 'user_count,subscription_count' } })) });
  report('public-channel', { channel: open, response: await json(await sdk.get({
    path: `/channels/${open}`, params: { info: 'subscription_count' } })) });
  report('empty-channel', { response: await json(await sdk.get({ path: `/channels/${unique('public.empty')}` })) });
  report('users', { channel: presence, response: await json(await sdk.get({ path: `/channels/${presence}/users` })) });
  report('bad-request', await refusal(sdk.get({ path: `/channels/${open}/users` })));
  report('too-large', await refusal(sdk.trigger(open, 'big', 'x'.repeat(11 * 1024))));
  report('wrong-secret', await refusal(server({ secret: 'not-the-app-secret-0123456789' })
    .trigger(open, 'forged', { x: 1 })));
});

/** How the SDK reports a call the hub refused: the status and body of its RequestError. */
function refusal(call) {
  return call.then((response) => ({ status: response.status }),
    (error) => ({ status: error.status, body: error.body }));
}
