#!/usr/bin/python3
"""Senders written the simple way, as many Proton programs are, for the broker's interop tests.

--mode first-sendable
    Sends in the first on_sendable only, as many messages as the credit then allows (at most COUNT),
    and waits for their outcomes; it never sends again. Against a broker whose first grant is small
    it stops short of COUNT.
--mode close-after-send
    Sends all COUNT messages in the first on_sendable, whatever the credit, and closes the
    connection right after the last send: whatever the library has not yet written when the close
    goes out is lost.

It prints "sent <n>" and, for first-sendable, "accepted <n>" once the outcomes are in, and exits 0.
"""

import argparse

from proton import Message
from proton.handlers import MessagingHandler
from proton.reactor import Container


class SimpleSender(MessagingHandler):
    def __init__(self, args):
        super().__init__()
        self.args = args
        self.sent = 0
        self.accepted = 0
        self.done_sending = False
        self.body = b'x' * args.size

    def on_start(self, event):
        conn = event.container.connect("amqp://127.0.0.1:%d" % self.args.port, allowed_mechs="ANONYMOUS",
                                       reconnect=False)
        event.container.create_sender(conn, self.args.address)
        event.container.schedule(self.args.timeout, self)

    def on_sendable(self, event):
        if self.done_sending:
            return
        self.done_sending = True
        sender = event.sender
        if self.args.mode == "first-sendable":
            while sender.credit > 0 and self.sent < self.args.count:
                sender.send(Message(body=self.body, durable=self.args.durable))
                self.sent += 1
            print("sent %d" % self.sent, flush=True)
        else:
            for _ in range(self.args.count):
                sender.send(Message(body=self.body, durable=self.args.durable))
                self.sent += 1
            print("sent %d" % self.sent, flush=True)
            event.connection.close()

    def on_accepted(self, event):
        self.accepted += 1
        if self.args.mode == "first-sendable" and self.accepted == self.sent:
            print("accepted %d" % self.accepted, flush=True)
            event.connection.close()

    def on_timer_task(self, event):
        print("timeout sent=%d accepted=%d" % (self.sent, self.accepted), flush=True)
        event.container.stop()

    def on_connection_closed(self, event):
        event.container.stop()

    def on_transport_error(self, event):
        if self.args.mode == "first-sendable":
            print("transport-error %s" % event.transport.condition, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--address", required=True)
    parser.add_argument("--mode", choices=["first-sendable", "close-after-send"], required=True)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--durable", action="store_true")
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    Container(SimpleSender(args)).run()


main()
