#!/usr/bin/python3
"""A Python qpid-proton client (the Debian package) for the Ferry broker's interoperability tests.

Every message is sent durable and unsettled, and counts only once the broker has accepted it; every
message received is checked byte for byte and then accepted: at-least-once both ways.

--scenario queue
    Sends COUNT messages to a queue. A first receiver takes UNSETTLED of them and closes its link
    without settling them; once the broker has answered, a second receiver gets all COUNT in order, the first UNSETTLED again
    with their delivery-count at 1, the rest at 0, and accepts each.
--scenario topic
    Two receivers subscribe to a topic (capability "topic"); once both are attached, COUNT messages
    are published; each receiver gets every one, in order, and accepts it.

It prints one line per step, for the Java test to check, and exits 0 only when every step passed:
    queue-accepted <count>
    queue-unsettled <count>
    queue-received <count> ok redelivered=<count>
    topic-subscribed 2
    topic-accepted <count>
    topic-received <receiver> <count> ok
    closed-by-peer
"""

import argparse
import sys

from proton import Data, Message
from proton.reactor import Container, LinkOption

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts in the source tree
from exchange import Exchange  # noqa: E402 (after the line above)


def body(i, size):
    """The body of message i: its index, then a pattern from it, size bytes in all."""
    head = i.to_bytes(4, 'big')
    return head + bytes(((i * 17 + k) & 0xFF) for k in range(4, size))


class Capability(LinkOption):
    """A capability on the link's terminus at the broker: the source of a receiver, the target of a sender."""

    def __init__(self, capability):
        self.capability = capability

    def apply(self, link):
        terminus = link.source if link.is_receiver else link.target
        terminus.capabilities.put_array(False, Data.SYMBOL)
        terminus.capabilities.enter()
        terminus.capabilities.put_symbol(self.capability)
        terminus.capabilities.exit()


class BrokerClient(Exchange):
    def __init__(self, args):
        super().__init__(prefetch=0, auto_accept=False, auto_settle=True)
        self.args = args
        self.sender = None
        self.sent = 0
        self.accepted = 0
        self.receivers = {}
        self.received = {}
        self.attached = set()
        self.unsettled = []
        self.redelivered = 0

    def on_start(self, event):
        self.container = event.container
        self.container.container_id = self.args.container_id
        self.connection = event.container.connect('amqp://127.0.0.1:%d' % self.args.port, reconnect=False,
                                                  allowed_mechs='ANONYMOUS')
        self.watchdog = event.container.schedule(self.args.timeout, self)

    def on_timer_task(self, event):
        self.fail('timed out in phase %s (sent %d, accepted %d, received %s)'
                  % (self.phase, self.sent, self.accepted, self.received))

    def on_connection_opened(self, event):
        a = self.args
        if a.scenario == 'queue':
            self.phase = 'queue-send'
            self.sender = event.container.create_sender(event.connection, a.address)
        else:
            self.phase = 'topic-subscribe'
            for name in ('sub1', 'sub2'):
                r = event.container.create_receiver(event.connection, a.address, name=name,
                                                    options=Capability('topic'))
                self.receivers[name] = r
                self.received[name] = 0

    def on_link_opened(self, event):
        if self.phase == 'topic-subscribe' and event.link.is_receiver:
            self.attached.add(event.link.name)
            if len(self.attached) == 2:
                print('topic-subscribed 2', flush=True)
                self.phase = 'topic-send'
                for r in self.receivers.values():
                    r.flow(min(self.args.count, 200))
                self.sender = event.container.create_sender(event.connection, self.args.address,
                                                            options=Capability('topic'))

    # -- sending

    def on_sendable(self, event):
        if event.sender != self.sender or self.phase not in ('queue-send', 'topic-send'):
            return
        while self.sender.credit > 0 and self.sent < self.args.count:
            m = Message(body=body(self.sent, self.args.size), durable=True)
            m.inferred = True  # bytes as a data section
            self.sender.send(m)
            self.sent += 1

    def on_accepted(self, event):
        self.accepted += 1
        if self.accepted < self.args.count:
            return
        if self.phase == 'queue-send':
            print('queue-accepted %d' % self.accepted, flush=True)
            self.phase = 'queue-unsettled'
            r = event.container.create_receiver(event.connection, self.args.address, name='unsettled')
            self.receivers['unsettled'] = r
            self.received['unsettled'] = 0
            r.flow(self.args.unsettled)
        elif self.phase == 'topic-send':
            print('topic-accepted %d' % self.accepted, flush=True)
            self.phase = 'topic-receive'
            self.check_topic_done(event)

    def on_rejected(self, event):
        self.fail('the broker rejected a message in phase %s: %s' % (self.phase, event.delivery.remote.condition))

    def on_released(self, event):
        self.fail('the broker released a message in phase %s' % self.phase)

    # -- receiving

    def on_message(self, event):
        link = event.receiver
        name = link.name
        index = self.received[name]
        expected = body(index, self.args.size)
        if event.message.body != expected:
            self.fail('%s: message %d differs: %r' % (name, index, bytes(event.message.body)[:16]))
            return
        self.received[name] = index + 1
        count = event.message.delivery_count
        if name == 'unsettled':
            # Left unsettled on purpose: the broker must give these back when the link goes.
            self.unsettled.append(event.delivery)
            if len(self.unsettled) == self.args.unsettled:
                print('queue-unsettled %d' % len(self.unsettled), flush=True)
                # Proton writes a new link's attach before an old one's detach: the next receiver
                # comes once the broker has answered the detach, so it finds those messages back first.
                self.phase = 'queue-closing-unsettled'
                link.close()
            return
        expected_count = 1 if name == 'settling' and index < self.args.unsettled else 0
        if count != expected_count:
            self.fail('%s: message %d has delivery-count %d, not %d' % (name, index, count, expected_count))
            return
        if count == 1:
            self.redelivered += 1
        self.accept(event.delivery)
        if link.credit < 100 and self.received[name] + link.credit < self.args.count:
            link.flow(min(200, self.args.count - self.received[name] - link.credit))
        if name == 'settling' and self.received[name] == self.args.count:
            print('queue-received %d ok redelivered=%d' % (self.received[name], self.redelivered), flush=True)
            self.finish(event)
        elif name != 'settling':
            self.check_topic_done(event)

    def on_link_closed(self, event):
        if self.phase == 'queue-closing-unsettled' and event.link.name == 'unsettled':
            self.phase = 'queue-receive'
            r = event.container.create_receiver(event.connection, self.args.address, name='settling')
            self.receivers['settling'] = r
            self.received['settling'] = 0
            r.flow(min(self.args.count, 200))

    def check_topic_done(self, event):
        if self.phase != 'topic-receive':
            return
        if all(n == self.args.count for n in self.received.values()):
            for name in sorted(self.received):
                print('topic-received %s %d ok' % (name, self.received[name]), flush=True)
            self.finish(event)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--scenario', choices=('queue', 'topic'), required=True)
    p.add_argument('--address', required=True)
    p.add_argument('--container-id', default='python-broker-it')
    p.add_argument('--count', type=int, default=1000)
    p.add_argument('--unsettled', type=int, default=10)
    p.add_argument('--size', type=int, default=256)
    p.add_argument('--timeout', type=float, default=60.0)
    args = p.parse_args()
    handler = BrokerClient(args)
    Container(handler).run()
    if not handler.succeeded():
        print('FAILED in phase %s' % handler.phase, flush=True)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
