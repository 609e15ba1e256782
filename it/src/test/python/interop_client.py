#!/usr/bin/python3
"""An interoperability client for Ferry's test server, on Python qpid-proton (the Debian package).

One connection, one address: it sends COUNT small messages and waits until the server has accepted
them all, receives them back and checks each byte, then sends one large (multi-frame) message, whose
body it reads from --large-file, and receives it back, checking every byte. With nothing left to
receive, it asks the server to drain the receiving link's credit; then it closes and waits for the
server's close.

It prints one line per step, for the Java test to check, and exits 0 only when every step passed:
    sasl <mechanism-or-none> <outcome>
    small-accepted <count>
    small-received <count> ok
    large-accepted <bytes>
    large-received <bytes> sha256=<hex> ok
    drained credit=0
    closed-by-peer
    done <seconds>

With --probe-sasl it only reports what this build of proton can do (SASL.extended(): whether Cyrus
SASL, and so SCRAM, is in), then tries to authenticate with the one mechanism given and reports
how that ended.
"""

import argparse
import hashlib
import sys
import time

from proton import Message, SASL, SSLDomain
from proton.reactor import Container

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts in the source tree
from exchange import Exchange  # noqa: E402 (after the line above)


def small_body(i, size):
    """The body of small message i: its index, then a pattern from it, size bytes in all."""
    head = i.to_bytes(4, 'big')
    return head + bytes(((i * 31 + k) & 0xFF) for k in range(4, size))


class Interop(Exchange):
    def __init__(self, args):
        super().__init__(prefetch=0, auto_accept=False, auto_settle=True)
        self.args = args
        self.sender = None
        self.receiver = None
        self.sent = 0
        self.accepted = 0
        self.received = 0
        self.large = None
        self.large_sent = False
        self.phase = 'small-send'
        self.started = time.monotonic()

    # -- connection

    def on_start(self, event):
        a = self.args
        kwargs = dict(reconnect=False, allowed_mechs=a.mech, allow_insecure_mechs=True)
        if a.user:
            kwargs.update(user=a.user, password=a.password)
        if a.tls:
            domain = SSLDomain(SSLDomain.MODE_CLIENT)
            domain.set_trusted_ca_db(a.ca)
            domain.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)
            kwargs.update(ssl_domain=domain, sni='localhost')
        self.container = event.container
        self.container.container_id = a.container_id
        url = '%s://127.0.0.1:%d' % ('amqps' if a.tls else 'amqp', a.port)
        self.connection = event.container.connect(url, **kwargs)
        self.watchdog = event.container.schedule(a.timeout, self)

    def on_timer_task(self, event):
        self.fail('timed out after %ss in phase %s (sent %d, accepted %d, received %d)'
                  % (self.args.timeout, self.phase, self.sent, self.accepted, self.received))

    def on_connection_opened(self, event):
        sasl = event.transport.sasl()
        print('sasl %s %s' % (sasl.mech or 'none', sasl.outcome), flush=True)
        if self.args.probe_sasl:
            self.finish(event)
            return
        self.sender = event.container.create_sender(event.connection, self.args.address)

    # -- sending

    def on_sendable(self, event):
        if self.sender is not None and event.sender == self.sender:
            self.send_more()

    def send_more(self):
        if self.phase == 'small-send':
            while self.sender.credit > 0 and self.sent < self.args.count:
                m = Message(body=small_body(self.sent, self.args.size))
                m.inferred = True  # a bytes body as a data section
                self.sender.send(m)
                self.sent += 1
        elif self.phase == 'large-send' and not self.large_sent and self.sender.credit > 0:
            m = Message(body=self.large)
            m.inferred = True
            self.sender.send(m)
            self.large_sent = True

    def on_accepted(self, event):
        if self.phase == 'small-send':
            self.accepted += 1
            if self.accepted == self.args.count:
                print('small-accepted %d' % self.accepted, flush=True)
                self.phase = 'small-receive'
                self.receiver = event.container.create_receiver(event.connection, self.args.address)
                self.receiver.flow(min(self.args.count, 1000))
        elif self.phase == 'large-send':
            print('large-accepted %d' % len(self.large), flush=True)
            self.phase = 'large-receive'
            self.receiver.flow(1)

    def on_rejected(self, event):
        self.fail('the server rejected a message in phase %s: %s' % (self.phase, event.delivery.remote.condition))

    def on_released(self, event):
        self.fail('the server released a message in phase %s' % self.phase)

    # -- receiving

    def on_message(self, event):
        body = event.message.body
        if self.phase == 'small-receive':
            expected = small_body(self.received, self.args.size)
            if body != expected:
                self.fail('small message %d differs: %r' % (self.received, body[:16]))
                return
            self.accept(event.delivery)
            self.received += 1
            if self.received == self.args.count:
                print('small-received %d ok' % self.received, flush=True)
                self.phase = 'large-send'
                self.send_more()
            else:
                top_up = min(1000, self.args.count - self.received) - self.receiver.credit
                if self.receiver.credit < 500 and top_up > 0:
                    self.receiver.flow(top_up)
        elif self.phase == 'large-receive':
            body = bytes(body)
            digest = hashlib.sha256(body).hexdigest()
            if body != self.large:
                self.fail('large message differs: %d bytes, sha256=%s' % (len(body), digest))
                return
            self.accept(event.delivery)
            print('large-received %d sha256=%s ok' % (len(body), digest), flush=True)
            # Nothing is left: a drain must come back with the credit used up.
            self.phase = 'draining'
            self.receiver.drain(10)
        else:
            self.fail('unexpected message in phase %s' % self.phase)

    def on_link_flow(self, event):
        if self.phase == 'draining' and event.link == self.receiver and not self.receiver.draining():
            print('drained credit=%d' % self.receiver.credit, flush=True)
            self.finish(event)

    # -- the end

    def finish(self, event):
        if self.sender is not None:
            self.sender.close()
        if self.receiver is not None:
            self.receiver.close()
        super().finish(event)

    def on_transport_error(self, event):
        if not self.args.probe_sasl:
            super().on_transport_error(event)
            return
        condition = event.transport.condition
        sasl = event.transport.sasl()
        print('sasl-failed mech=%s outcome=%s condition=%s: %s' % (
            sasl.mech, sasl.outcome, condition and condition.name, condition and condition.description),
            flush=True)
        self.phase = 'closed'
        self.stop()


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--tls', action='store_true')
    p.add_argument('--ca')
    p.add_argument('--mech', required=True)
    p.add_argument('--user')
    p.add_argument('--password')
    p.add_argument('--address', default='interop.python')
    p.add_argument('--container-id', default='python-interop')
    p.add_argument('--count', type=int, default=10000)
    p.add_argument('--size', type=int, default=100)
    p.add_argument('--large-file', required=True, help='the body of the large message')
    p.add_argument('--timeout', type=float, default=120.0)
    p.add_argument('--probe-sasl', action='store_true')
    args = p.parse_args()

    print('proton %s sasl-extended %s' % ('.'.join(map(str, __import__('proton').VERSION)), SASL.extended()),
          flush=True)
    handler = Interop(args)
    with open(args.large_file, 'rb') as f:
        handler.large = f.read()
    Container(handler).run()
    if not handler.succeeded():
        print('FAILED in phase %s' % handler.phase, flush=True)
        return 1
    print('done %.3f' % (time.monotonic() - handler.started), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
