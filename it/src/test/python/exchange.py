"""What the Python interoperability clients share: a MessagingHandler that works through phases, ends
with a close answered by the peer, and stops at the first failure, saying why."""

from proton.handlers import MessagingHandler


class Exchange(MessagingHandler):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.phase = 'connecting'
        self.failed = None
        self.container = None
        self.connection = None
        self.watchdog = None

    def finish(self, event):
        """Closes the connection; the exchange is done when the peer answers with its close."""
        self.phase = 'closing'
        event.connection.close()

    def on_connection_closed(self, event):
        # Raised when the peer's close arrives after ours.
        if self.phase == 'closing':
            print('closed-by-peer', flush=True)
            self.phase = 'closed'
            self.stop()
        else:
            self.fail('the peer closed the connection in phase %s' % self.phase)

    def on_connection_error(self, event):
        self.fail('connection error: %s' % event.connection.remote_condition)

    def on_transport_error(self, event):
        self.fail('transport error: %s' % event.transport.condition)

    def on_link_error(self, event):
        self.fail('link error: %s' % event.link.remote_condition)

    def fail(self, why):
        if self.failed is None:
            self.failed = why
            print('FAILED %s' % why, flush=True)
        if self.connection is not None:
            self.connection.close()
        self.phase = 'failed'
        self.stop()

    def stop(self):
        # A cancelled timer still holds the container until its deadline: stop it outright.
        if self.watchdog is not None:
            self.watchdog.cancel()
        self.container.stop()

    def succeeded(self):
        return self.failed is None and self.phase == 'closed'
