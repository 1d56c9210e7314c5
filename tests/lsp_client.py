"""A minimal LSP client for tests and benchmarks: runs `python -m factcheck lsp` as a subprocess and speaks
JSON-RPC with Content-Length framing over its stdin/stdout. Every wait has a timeout, so a hung server
fails the caller instead of hanging it."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

Message = dict[str, Any]
SERVER = (sys.executable, "-m", "factcheck", "lsp")


class LspClient:
    """One server process and the messages it sent, in order."""

    def __init__(self, cwd: Path, command: Sequence[str] = SERVER, timeout: float = 30.0):
        self.timeout = timeout
        self.proc = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.received: list[Message] = []  # every message read so far, in order
        self._inbox: queue.Queue[Message | None] = queue.Queue()
        self._stderr: list[bytes] = []
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self._stderr.extend(self.proc.stderr), daemon=True).start()  # type: ignore[arg-type]

    # ------------------------------------------------------------------------------------------ sending
    def send(self, message: Message) -> None:
        self.send_raw(json.dumps(message).encode("utf-8"))

    def send_raw(self, body: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method: str, params: Any = None) -> int:
        self._next_id += 1
        self.send({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params})
        return self._next_id

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    # ------------------------------------------------------------------------------------------ receiving
    def wait_for(self, wanted: Callable[[Message], bool], after: int = 0, timeout: float | None = None) -> Message:
        """The first message (from index `after` of `received`) that `wanted` accepts; TimeoutError else."""
        deadline = time.monotonic() + (timeout if timeout is not None else self.timeout)
        seen = after
        while True:
            for message in self.received[seen:]:
                if wanted(message):
                    return message
            seen = len(self.received)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no such message from the server; got {self.received[after:]!r}\n"
                                   f"stderr: {self.stderr()}")
            try:
                message = self._inbox.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise EOFError(f"the server closed its output; stderr: {self.stderr()}")
            self.received.append(message)

    def response(self, request_id: int) -> Message:
        return self.wait_for(lambda m: m.get("id") == request_id and "method" not in m)

    def call(self, method: str, params: Any = None) -> Message:
        """Send a request and wait for its response (result or error)."""
        return self.response(self.request(method, params))

    def diagnostics(self, uri: str, version: int | None = None, after: int = 0) -> Message:
        """The next publishDiagnostics for `uri` (for `version`, when given)."""
        return self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                             and m["params"]["uri"] == uri
                             and (version is None or m["params"].get("version") == version), after)

    def notification(self, method: str, after: int = 0) -> Message:
        return self.wait_for(lambda m: m.get("method") == method, after)

    def stderr(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")

    def _read(self) -> None:
        stdout = self.proc.stdout
        assert stdout is not None
        while True:
            length = None
            while (line := stdout.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line or length is None:
                self._inbox.put(None)
                return
            self._inbox.put(json.loads(stdout.read(length)))

    # ------------------------------------------------------------------------------------------ lifecycle
    def initialize(self, root: Path, options: Any = None, capabilities: Message | None = None) -> Message:
        uri = root.as_uri()
        response = self.call("initialize", {
            "processId": None, "rootUri": uri, "capabilities": capabilities or {},
            "workspaceFolders": [{"uri": uri, "name": root.name}], "initializationOptions": options})
        self.notify("initialized", {})
        return response

    def stop(self) -> int:
        """shutdown, exit, and the server's exit code (killed after the timeout)."""
        try:
            self.call("shutdown")
            self.notify("exit")
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            return self.proc.wait(timeout=self.timeout)
        finally:
            self.kill()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
