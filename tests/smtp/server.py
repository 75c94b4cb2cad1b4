#!/usr/bin/env python3
"""A real SMTP server for Intendant's tests and benches (aiosmtpd, on 127.0.0.1).

Every message it accepts is written to the spool directory as one JSON file (envelope,
decoded headers, each MIME part decoded), so a test reads what a mail client would show.
Recipients whose local part starts with `refuse` are refused for good (550), with `later`
for now (451); a message to a `slow…` recipient is stored, then answered after --slow
seconds (a sender killed meanwhile has delivered without knowing it).

Prints `ready PORT` on stdout once it listens; stops on SIGTERM or when stdin closes.
"""

import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import socket
import ssl
import sys
import threading
import time
import uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Spool:
    def __init__(self, directory, slow):
        self.directory = directory
        self.slow = slow

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("refuse"):
            return "550 5.1.1 <%s>: no such mailbox here" % address
        if local.startswith("later"):
            return "451 4.3.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = "%d-%s" % (time.time_ns(), uuid.uuid4().hex[:8])
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        parts = []
        for part in message.walk():
            if part.is_multipart():
                continue
            try:
                content = part.get_content()
            except Exception as e:  # an undecodable part is shown, not dropped
                content = "<%s>" % e
            if isinstance(content, bytes):
                content = content.decode("utf-8", "replace")
            parts.append({
                "type": part.get_content_type(),
                "params": dict(part.get_params() or []),
                "filename": part.get_filename(),
                "content": content,
            })
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_to": envelope.rcpt_tos,
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
            "headers": {k: str(v) for k, v in message.items()},
            "parts": parts,
        }
        tmp = os.path.join(self.directory, name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(self.directory, name + ".json"))
        if any(r.split("@", 1)[0].lower().startswith("slow") for r in envelope.rcpt_tos):
            await asyncio.sleep(self.slow)
        return "250 2.0.0 queued as %s" % name


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--spool", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--login", help="user:password required (after STARTTLS)")
    p.add_argument("--slow", type=float, default=3.0)
    a = p.parse_args()

    kwargs = {}
    if a.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.cert, a.key)
        kwargs.update(tls_context=context, require_starttls=True)
    if a.login:
        user, password = a.login.split(":", 1)

        def authenticate(server, session, envelope, mechanism, data):
            ok = data.login.decode() == user and data.password.decode() == password
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticate, auth_required=True)

    port = a.port or free_port()
    controller = Controller(Spool(a.spool, a.slow), hostname="127.0.0.1", port=port,
                            data_size_limit=10_000_000, **kwargs)
    controller.start()
    print("ready %d" % port, flush=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())

    def watch_stdin():
        sys.stdin.read()
        done.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
