// A rhea sender written the simple way: on its first 'sendable' it sends COUNT messages in one go,
// whatever the credit then is, and waits for their outcomes. rhea keeps what the credit does not yet
// allow and sends it as credit comes.
//
//   node rhea_sender.js --port P --address A [--count N] [--size BYTES] [--timeout SECONDS] [--close-after-send]
//
// Prints "sent <n>", then "accepted <n> rejected <n> released <n>" once every message has an outcome
// (or at the timeout), and exits 0. With --close-after-send it closes the connection right after the last send.
'use strict';
const rhea = require('rhea');

function arg(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const port = Number(arg('port'));
const address = arg('address');
const count = Number(arg('count', '1000'));
const size = Number(arg('size', '100'));
const timeout = Number(arg('timeout', '60'));
const closeAfterSend = process.argv.includes('--close-after-send');

const outcomes = { accepted: 0, rejected: 0, released: 0 };
let sent = 0;
let reported = false;

function report() {
  if (!reported) {
    reported = true;
    console.log(`accepted ${outcomes.accepted} rejected ${outcomes.rejected} released ${outcomes.released}`);
  }
}

const container = rhea.create_container({ id: 'rhea-sender' });
const timer = setTimeout(() => {
  console.log(`timeout sent=${sent}`);
  report();
  process.exit(0);
}, timeout * 1000);

container.on('sendable', (context) => {
  if (sent > 0) {
    return;
  }
  const body = Buffer.alloc(size, 0x78);
  for (let i = 0; i < count; i++) {
    context.sender.send({ body: rhea.message.data_section(body), durable: false, message_id: i });
    sent++;
  }
  console.log(`sent ${sent}`);
  if (closeAfterSend) {
    context.connection.close();
  }
});
const settled = () => outcomes.accepted + outcomes.rejected + outcomes.released;
function done(context) {
  if (settled() === count) {
    report();
    context.connection.close();
  }
}
container.on('accepted', (context) => { outcomes.accepted++; done(context); });
container.on('rejected', (context) => { outcomes.rejected++; done(context); });
container.on('released', (context) => { outcomes.released++; done(context); });
container.on('connection_close', () => { clearTimeout(timer); report(); });
container.on('disconnected', (context) => {
  clearTimeout(timer);
  if (context.error) {
    console.log(`disconnected ${context.error}`);
  }
  report();
});
container.on('error', (context) => { console.log(`error ${context.error}`); });

const connection = container.connect({ host: '127.0.0.1', port, reconnect: false });
connection.open_sender(address);
