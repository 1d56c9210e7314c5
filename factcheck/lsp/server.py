"""`factcheck lsp`: the language server over stdio (pygls). It publishes a buffer's diagnostics on open,
change (debounced; only the latest version is published) and save, clears them on close, and shows a
figure's record on hover. It never dies on bad input: bad params get an error response, a buffer that
cannot be read gets a diagnostic on its line, a bad configuration a message, a failing check a
diagnostic and a log entry.

Checks run one at a time on one worker thread, so the protocol keeps answering while one runs; a
configuration is opened on the same thread, so every check queued after it sees it (and an SQLite
archive's connection is only ever used on the thread that opened it).
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from cattrs import transform_error
from cattrs.errors import BaseValidationError
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from factcheck.errors import InputError
from factcheck.lsp.engine import BufferCheck, Engine, buffer_name, check_buffer, open_engine
from factcheck.lsp.mapping import PositionMap, error_diagnostic, failure_diagnostic, finding_diagnostics, hover
from factcheck.lsp.settings import Settings, inside, read_settings, section

MAX_SHOWN_ERRORS = 3
log = logging.getLogger(__name__)


class _Answered:
    """Stands for a request that was already answered with an error while it was being read."""

    jsonrpc = "answered"


ANSWERED = _Answered()


class FactcheckProtocol(LanguageServerProtocol):
    """pygls' protocol, but a request whose params do not fit its method gets an InvalidParams error
    response, and a request for a notification method an InvalidRequest error: pygls 2.1 only logs the
    first and handles the second as a notification, and the client would wait for an answer forever."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        if "id" in data and _is_notification(data.get("method")):
            error = types.ResponseError(code=types.ErrorCodes.InvalidRequest,
                                        message=f"{data['method']} is a notification: send it without an id")
            self._send_response(data["id"], error=error)
            return ANSWERED
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if "id" not in data or "method" not in data:
                raise
            cause = exc.__cause__
            detail = "; ".join(transform_error(cause)) if isinstance(cause, BaseValidationError) else str(cause or "")
            error = types.ResponseError(code=exc.code, message=f"{exc.message} for {data['method']}: {detail}")
            self._send_response(data["id"], error=error)
            return ANSWERED

    def handle_message(self, message: Any) -> None:
        if message is not ANSWERED:
            super().handle_message(message)


def _is_notification(method: object) -> bool:
    """Whether LSP defines `method` as a notification (no response)."""
    known = types.METHOD_TO_TYPES.get(method) if isinstance(method, str) else None
    return known is not None and not hasattr(known[0].__attrs_attrs__, "id")


class FactcheckServer(LanguageServer):
    """The server's state: the configuration, the opened engine, pending and finished checks per buffer."""

    def __init__(self) -> None:
        super().__init__("factcheck", _version(), protocol_cls=FactcheckProtocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.raw_settings: dict[str, Any] = {}
        self.settings = Settings()
        self.engine: Engine | None = None  # set on the worker thread, before any check queued after it
        self.configured = asyncio.Event()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factcheck-check")
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.checked: dict[str, BufferCheck] = {}

    # ---------------------------------------------------------------------------------------- config
    def roots(self) -> list[Path]:
        """The workspace folders (and root), resolved: the only places the server reads from."""
        uris = [*self.workspace.folders, *([self.workspace.root_uri] if self.workspace.root_uri else [])]
        paths = [Path(unquote(p)).resolve() for uri in uris if (p := to_fs_path(uri))]
        return list(dict.fromkeys(paths))

    async def configure(self) -> None:
        """Read the settings, open what they name (once, on the worker), then re-check every open buffer."""
        settings, problems = read_settings(self.raw_settings, self.roots())
        self.settings = settings
        for problem in problems:
            self.show(problem, types.MessageType.Warning)
        errors = await asyncio.get_running_loop().run_in_executor(self.worker, self._install, settings)
        for e in errors:
            self.log_message(str(e), types.MessageType.Error)
        if errors:
            shown = "; ".join(map(str, errors[:MAX_SHOWN_ERRORS]))
            more = f" (and {len(errors) - MAX_SHOWN_ERRORS} more in the log)" if len(errors) > MAX_SHOWN_ERRORS else ""
            self.show(f"factcheck: {shown}{more}", types.MessageType.Error)
        self.configured.set()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    def _install(self, settings: Settings) -> list[InputError]:
        engine, errors = open_engine(settings)
        self.engine = engine
        return errors

    # ---------------------------------------------------------------------------------------- checks
    def schedule(self, uri: str, delay_ms: int) -> None:
        """Check `uri` after `delay_ms`; a newer schedule for the same buffer replaces this one."""
        if (old := self.pending.pop(uri, None)) is not None:
            old.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._publish_after(uri, delay_ms))

    async def _publish_after(self, uri: str, delay_ms: int) -> None:
        try:
            if delay_ms:
                await asyncio.sleep(delay_ms / 1000)
            await self.configured.wait()
            document = self.document(uri)
            if document is None:
                return
            version, text = document.version, document.source  # pygls updates the document in place
            checked, diagnostics = await self.check(uri, text)
            current = self.document(uri)
            if current is None or current.version != version:
                return  # closed, or changed while being checked: a newer check will publish
            if checked is not None:
                self.checked[uri] = checked
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=diagnostics, version=version))
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    async def check(self, uri: str, text: str) -> tuple[BufferCheck | None, list[types.Diagnostic]]:
        """Check a buffer's text on the worker; a failure becomes a diagnostic and a log entry."""
        await self.configured.wait()
        positions = self.positions(text)
        filename, name = self.buffer_file(uri), buffer_name(unquote(urlparse(uri).path))
        try:
            return await asyncio.get_running_loop().run_in_executor(self.worker, self._diagnose, uri, filename, name,
                                                                    positions)
        except Exception as e:  # a bug in the check must not take the server down
            self.log_message(f"factcheck failed on {uri}:\n{traceback.format_exc()}", types.MessageType.Error)
            return None, [failure_diagnostic(f"factcheck failed on this text: {type(e).__name__}: {e} "
                                             "(the language server log has the details)", positions)]

    def _diagnose(self, uri: str, filename: str | None, name: str,
                  positions: PositionMap) -> tuple[BufferCheck, list[types.Diagnostic]]:
        if self.engine is None:
            raise RuntimeError("no configuration was opened before the check")
        checked = check_buffer(self.engine, positions.text, filename, name)
        out = [error_diagnostic(e, positions, checked.where) for e in checked.errors]
        if checked.result is not None and checked.doc_id is not None:
            out += finding_diagnostics(checked.result, checked.doc_id, uri, positions)
        return checked, out

    def buffer_file(self, uri: str) -> str | None:
        """The buffer's file when it lies inside the workspace (so a corpus.yaml beside it may be read)."""
        path = to_fs_path(uri)
        if path is None:
            return None
        file = Path(unquote(path))
        return str(file) if inside(file, self.roots()) else None

    def document(self, uri: str) -> TextDocument | None:
        """An open buffer (never a file read from disk: pygls' get_text_document would)."""
        return self.workspace.text_documents.get(unquote(uri))

    def forget(self, uri: str) -> None:
        if (task := self.pending.pop(uri, None)) is not None:
            task.cancel()
        self.checked.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    async def hover_at(self, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        document = self.document(uri)
        if document is None:
            return None
        checked = self.checked.get(uri)
        if checked is None or checked.text != document.source:
            checked, _ = await self.check(uri, document.source)
        if checked is None or checked.result is None or checked.doc_id is None:
            return None
        return hover(checked.result, checked.doc_id, self.positions(checked.text), params.position)

    def positions(self, text: str) -> PositionMap:
        """Positions in the encoding agreed with the client at initialize."""
        return PositionMap(text, self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    # ---------------------------------------------------------------------------------------- messages
    def show(self, message: str, kind: types.MessageType) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def log_message(self, message: str, kind: types.MessageType) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))


def build_server() -> FactcheckServer:
    """A server with its handlers registered."""
    server = FactcheckServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: FactcheckServer, params: types.InitializeParams) -> None:
        ls.raw_settings = section(params.initialization_options) or {}

    @server.feature(types.INITIALIZED)
    async def initialized(ls: FactcheckServer, params: types.InitializedParams) -> None:
        await ls.configure()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: FactcheckServer, params: types.DidChangeConfigurationParams) -> None:
        given = section(params.settings)
        if given is None:
            ls.log_message("factcheck: configuration change without a 'factcheck' section ignored",
                           types.MessageType.Info)
            return
        ls.raw_settings = {**ls.raw_settings, **given}
        await ls.configure()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    async def did_change_folders(ls: FactcheckServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        await ls.configure()  # relative paths and what may be read depend on the folders

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FactcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: FactcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.settings.debounce_ms)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: FactcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FactcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: FactcheckServer, params: types.HoverParams) -> types.Hover | None:
        return await ls.hover_at(params)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: FactcheckServer, params: None) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.worker.shutdown(wait=False, cancel_futures=True)

    return server


def serve() -> None:
    """Serve one client over stdin/stdout until it says exit (or closes the pipe)."""
    logging.basicConfig(level=logging.WARNING, format="factcheck lsp: %(levelname)s %(name)s: %(message)s")
    build_server().start_io()


def _version() -> str:
    try:
        return version("factcheck")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"
